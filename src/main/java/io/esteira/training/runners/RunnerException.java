package io.esteira.training.runners;

/** A runner could not do what was asked; the message is for the run's reason, in the user's words. */
public class RunnerException extends RuntimeException {

    public RunnerException(String message) {
        super(message);
    }

    public RunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
