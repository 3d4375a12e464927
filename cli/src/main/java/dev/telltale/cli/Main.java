package dev.telltale.cli;

import dev.telltale.core.KeyFiles;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code telltale} command. Every subcommand takes {@code --json}, exits 0 on success and 2 on bad
 * usage or input with a one-line reason (DESIGN.md §9), and never prints a secret.
 */
@Command(name = "telltale", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Keyed statistical watermarks for language-model text: embed, detect with exact p-values.",
        subcommands = {DemoCommand.class, KeygenCommand.class, GenerateCommand.class, DetectCommand.class,
                TrainNgramCommand.class, TestDatasetCommand.class, EvalCommand.class, ScanCommand.class, ServeCommand.class, TokensCommand.class,
                VerifyReportCommand.class, ServeModelCommand.class, TestModelCommand.class, SimulateDistillationCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Output is UTF-8 whatever the platform locale (under LANG=C, Java 17 would print '?' for every
        // non-ASCII character, so `generate > out.txt; detect out.txt` would test a different text).
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        int code = run(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler(Main::handleUsage);
        return cl;
    }

    /** Bad usage: one line with the reason and where to look, exit 2 (no usage dump). */
    private static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        cl.getErr().flush();
        return 2;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof UsageException || e instanceof IllegalArgumentException
                || e instanceof KeyFiles.KeyFileException) {
            err.println("telltale " + cl.getCommandName() + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        if (e instanceof java.io.IOException) {
            err.println("telltale " + cl.getCommandName() + ": I/O error: " + e.getMessage());
            err.flush();
            return 2;
        }
        err.println("telltale " + cl.getCommandName() + ": internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"telltale " + (v == null ? "dev" : v)};
        }
    }
}
