package dev.nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nabla} command: train, eval, predict and bench. Exit codes: 0 success, 2 bad arguments or input, 1 anything else. */
@Command(name = "nabla", mixinStandardHelpOptions = true, version = "nabla 0.1.0",
        description = "Nabla: deep learning in Java.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
                    || e instanceof java.nio.file.NoSuchFileException || e instanceof dev.nabla.io.SafeTensorsException
                    || e instanceof dev.nabla.data.DataFileException) {
                cmd.getErr().println("nabla " + cmd.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            if (e instanceof ArithmeticException) {
                // a non-finite loss: the report names the epoch and step; the weights were not updated with it
                cmd.getErr().println("nabla " + cmd.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            cmd.getErr().println("nabla " + cmd.getCommandName() + ": " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }
}
