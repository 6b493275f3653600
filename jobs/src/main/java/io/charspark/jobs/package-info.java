/**
 * The Spark applications: thin picocli commands that parse options, build the session and call the
 * library in {@code common}. {@link io.charspark.jobs.Main} is the one entry point for the launcher,
 * for {@code spark-submit --class} and for tests ({@code Main.run(out, err, args)}).
 */
package io.charspark.jobs;
