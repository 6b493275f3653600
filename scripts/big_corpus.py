#!/usr/bin/python3
"""A large Reddit-dump-format corpus for the memory run of docs/performance.md.

    scripts/big_corpus.py POSTS OUT.jsonl [DATAFAKER_JAR]

Real text: datafaker's quote files (read from the datafaker jar in ~/.m2). Each post: a title
(a Star Wars quote = spoiler, 30%, or another franchise's quote) and a selftext of 70 quotes
(about 9 KB), so 80,000 posts make ~740 MB. Deterministic (seeded).
"""
import glob, hashlib, json, os, random, sys, zipfile
import yaml

def quotes(doc):
    out = []
    def walk(o, under=False):
        if isinstance(o, dict):
            for k, v in o.items(): walk(v, under or 'quote' in str(k).lower())
        elif isinstance(o, list):
            for v in o: walk(v, under)
        elif isinstance(o, str) and under and '#{' not in o: out.append(o)
    walk(doc)
    return out

n, path = int(sys.argv[1]), sys.argv[2]
jar = sys.argv[3] if len(sys.argv) > 3 else glob.glob(os.path.expanduser(
    '~/.m2/repository/net/datafaker/datafaker/*/datafaker-*.jar'))[0]
sw, other = [], []
with zipfile.ZipFile(jar) as z:
    for name in sorted(z.namelist()):
        if name.startswith('en/') and name.endswith('.yml'):
            (sw if name == 'en/star_wars.yml' else other).extend(quotes(yaml.safe_load(z.read(name))))
rnd = random.Random(42)
with open(path, 'w') as out:
    for i in range(n):
        spoiler = rnd.random() < 0.3
        title = rnd.choice(sw if spoiler else other)
        body = ' '.join(rnd.choice(other) for _ in range(70))
        pid = hashlib.sha256(f'{i}:{title}'.encode()).hexdigest()[:7]
        out.write(json.dumps({"id": pid, "subreddit": "StarWars", "title": title, "selftext": body,
            "created_utc": 1500000000 + i, "retrieved_on": 1600000000, "spoiler": spoiler}) + '\n')
