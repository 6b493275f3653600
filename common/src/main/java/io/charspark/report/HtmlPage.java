package io.charspark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML page: inline CSS, charts embedded as base64 PNG data URIs, and a
 * Content-Security-Policy that forbids every network fetch, so the page works from a laptop, an
 * e-mail attachment or an air-gapped cluster alike.
 *
 * <p>A small inline script records, on load, how many images decoded ({@code data-images-loaded}
 * of {@code data-images-total} on {@code <body>}) and how many errors the page raised
 * ({@code data-errors}, from {@code window.onerror} and failed resources) and how many tables are
 * wider than their section ({@code data-tables-too-wide}): a headless browser's
 * dumped DOM then says whether the page really shows its charts. Text is always escaped. A missing
 * chart file becomes a visible note rather than a broken image; an unreadable one is an {@link
 * UncheckedIOException}.
 */
final class HtmlPage {
  private static final String CSS = String.join("\n",
      "body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:2em auto;max-width:1000px;",
      "padding:0 1em;color:#222;line-height:1.4}",
      "h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}",
      "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left}",
      "th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}",
      "img{max-width:100%;height:auto;display:block;margin:.8em 0;border:1px solid #eee}",
      "pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.85em}",
      ".note{color:#777;font-style:italic}.good{color:#1a7f37}.bad{color:#c0392b}",
      ".warning{color:#8a4b00;background:#fff4e0;border-left:4px solid #e67e22;padding:.4em .8em}",
      "blockquote{font-family:'DejaVu Sans Mono',monospace;background:#f7f7f7;margin:.4em 0;padding:.5em 1em;",
      "white-space:pre-wrap}");
  private static final String SCRIPT = String.join("\n",
      "window.__errors=[];",
      "window.addEventListener('error',function(e){",
      "  window.__errors.push(e.message||((e.target&&e.target.tagName)||'resource')+' failed');},true);",
      "window.addEventListener('load',function(){",
      "  var imgs=document.images,ok=0;",
      "  for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++;}",
      "  var b=document.body;b.dataset.imagesTotal=imgs.length;b.dataset.imagesLoaded=ok;",
      "  b.dataset.errors=window.__errors.length;b.dataset.errorMessages=window.__errors.join(' | ');",
      "  var tables=document.getElementsByTagName('table'),wide=[];",
      "  for(var j=0;j<tables.length;j++){var t=tables[j],w=t.parentElement.clientWidth;",
      "    if(t.getBoundingClientRect().width>w+0.5)wide.push((t.parentElement.id||'?')+':'+Math.round(t.getBoundingClientRect().width)+'>'+w);}",
      "  b.dataset.tablesTooWide=wide.length;b.dataset.tablesTooWideList=wide.join(' ');",
      "  b.dataset.ready='yes';});");

  private final String title;
  private final StringBuilder body = new StringBuilder();
  private boolean inSection;

  HtmlPage(String title) {
    this.title = title;
  }

  /** Opens a section (closing the previous one) with an id tests and links can find. */
  HtmlPage section(String id, String heading) {
    if (inSection) body.append("</section>\n");
    body.append("<section id=\"").append(esc(id)).append("\">\n<h2>").append(esc(heading)).append("</h2>\n");
    inSection = true;
    return this;
  }

  HtmlPage heading(String text) {
    body.append("<h3>").append(esc(text)).append("</h3>\n");
    return this;
  }

  HtmlPage paragraph(String text) {
    body.append("<p>").append(esc(text)).append("</p>\n");
    return this;
  }

  /** A highlighted warning (e.g. a metric that rests on too few rows to mean anything). */
  HtmlPage warning(String text) {
    body.append("<p class=\"warning\">").append(esc(text)).append("</p>\n");
    return this;
  }

  HtmlPage note(String text) {
    body.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
    return this;
  }

  HtmlPage pre(String text) {
    body.append("<pre>").append(esc(text)).append("</pre>\n");
    return this;
  }

  HtmlPage quote(String text) {
    body.append("<blockquote>").append(esc(text)).append("</blockquote>\n");
    return this;
  }

  /** A table; cells that parse as numbers are right-aligned. */
  HtmlPage table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n");
    // A key/value table has no header row.
    if (header.stream().anyMatch(h -> !h.isEmpty())) {
      body.append("<tr>");
      // Long snake_case headers (val_auc_identity_hate) may break after "_": a table of many
      // metric columns then fits the page instead of overflowing it.
      for (String h : header) body.append("<th>").append(esc(h).replace("_", "_<wbr>")).append("</th>");
      body.append("</tr>\n");
    }
    for (List<String> r : rows) {
      body.append("<tr>");
      for (String c : r) {
        body.append(isNumber(c) ? "<td class=\"num\">" : "<td>").append(esc(c)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** Embeds a PNG as a data URI, or a note when the file does not exist (yet). */
  HtmlPage image(Path png, String alt) {
    if (!Files.isRegularFile(png)) return note("No chart " + png.getFileName() + " (" + alt + ").");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(png);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read chart " + png, e);
    }
    body.append("<img alt=\"").append(esc(alt)).append("\" data-file=\"").append(esc(png.getFileName().toString()))
        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(bytes))
        .append("\">\n");
    return this;
  }

  String render() {
    StringBuilder h = new StringBuilder(body.length() + 4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // Nothing may be fetched: images are data URIs, style and script are inline.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(esc(title)).append("</title>\n")
        .append("<style>\n").append(CSS).append("\n</style>\n")
        .append("<script>\n").append(SCRIPT).append("\n</script>\n</head>\n<body>\n")
        .append("<h1>").append(esc(title)).append("</h1>\n")
        .append(body);
    if (inSection) h.append("</section>\n");
    return h.append("</body>\n</html>\n").toString();
  }

  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isNumber(String s) {
    return s != null && s.matches("-?[0-9][0-9,]*(\\.[0-9]+)?(%|[eE]-?[0-9]+)?");
  }
}
