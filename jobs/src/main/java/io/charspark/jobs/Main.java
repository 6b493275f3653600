package io.charspark.jobs;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code charspark <job> [options]}. Returns an exit code from {@link #run}; only {@link #main}
 * calls {@code System.exit}, so tests assert on output and codes. Errors are one line naming what
 * and where; {@code --stacktrace} adds the trace.
 */
@Command(
    name = "charspark",
    mixinStandardHelpOptions = true,
    // --help (and --version) on every job: `charspark train --help` prints train's usage, exit 0.
    scope = CommandLine.ScopeType.INHERIT,
    version = "charspark 0.1.0",
    description = "Character-level deep-learning text models trained on Apache Spark.",
    subcommands = {
      ShardCommand.class,
      EdaCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      CompareCommand.class,
      ScoreCommand.class,
      GenerateCommand.class,
      EtlCommand.class,
      CollectCommand.class,
      GpuCheckCommand.class,
      BenchCommand.class,
      GenerateCorpusCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Show everything: Spark's INFO log and the warnings filtered by default.")
  void verbose(boolean on) {
    if (on) Logging.verbose();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing job (shard, eda, train, evaluate, compare, score, generate, collect, generate-corpus, demo, bench)");
  }

  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cl = commandLine(out, err);
    return cl.execute(args);
  }

  /** The parser alone (also used to check that scripted arguments stay valid). */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          boolean trace = parseResult.matchedOptionValue("--stacktrace", false)
              || parseResult.subcommand() != null
                  && parseResult.subcommand().matchedOptionValue("--stacktrace", false);
          // A signal stopped the job: its hint (how to resume) is printed; the error the dying
          // SparkContext raised would only mislead.
          if (Interruption.happened) return 130;
          Throwable root = ex;
          String msg = ex.getMessage();
          if (msg == null || msg.isBlank()) msg = ex.getClass().getName();
          commandLine.getErr().println("charspark " + commandLine.getCommandName() + ": error: " + firstLine(msg));
          if (trace) root.printStackTrace(commandLine.getErr());
          else commandLine.getErr().println("(run with --stacktrace for details)");
          commandLine.getErr().flush();
          return 1;
        });
    return cl;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }
}
