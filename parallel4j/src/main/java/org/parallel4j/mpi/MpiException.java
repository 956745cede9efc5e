package org.parallel4j.mpi;

import java.io.Serial;

/**
 * The one exception type of the message-passing API. Its {@link #errorClass()} says what kind
 * of error it is; its message names the values involved and, where there is one, what to do.
 *
 * <p>A job that ends because a rank failed reports that rank in {@link #failedRank()} and
 * carries the rank's exception as its cause; a job ended by {@link Comm#abort(int)} reports
 * the code in {@link #exitCode()}.
 */
public final class MpiException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What kind of error. */
    private final ErrorClass errorClass;
    /** The world rank that failed or aborted, or {@link Mpi#UNDEFINED}. */
    private final int failedRank;
    /** The exit status for a launcher. */
    private final int exitCode;

    /**
     * An error of the given class.
     *
     * @param errorClass the MPI error class
     * @param message what went wrong, with the values involved
     */
    public MpiException(ErrorClass errorClass, String message) {
        this(errorClass, message, null, Mpi.UNDEFINED, 1);
    }

    /**
     * An error of the given class with a cause.
     *
     * @param errorClass the MPI error class
     * @param message what went wrong, with the values involved
     * @param cause the underlying failure, or null
     */
    public MpiException(ErrorClass errorClass, String message, Throwable cause) {
        this(errorClass, message, cause, Mpi.UNDEFINED, 1);
    }

    /**
     * An error that ends a job: the rank that failed (or {@link Mpi#UNDEFINED}) and the exit code the launcher uses.
     *
     * @param errorClass the MPI error class
     * @param message what went wrong, with the values involved
     * @param cause the underlying failure, or null
     * @param failedRank the rank that failed, or -1
     * @param exitCode the exit status of the process that reports it
     */
    public MpiException(ErrorClass errorClass, String message, Throwable cause, int failedRank, int exitCode) {
        super(message, cause);
        this.errorClass = errorClass;
        this.failedRank = failedRank;
        this.exitCode = exitCode;
    }

    /**
     * What kind of error this is.
     *
     * @return what kind of error this is
     */
    public ErrorClass errorClass() {
        return errorClass;
    }

    /**
     * The world rank whose failure or abort ended the job, or {@link Mpi#UNDEFINED} ("no rank", as everywhere in this API).
     *
     * @return the world rank whose failure or abort ended the job, or {@link Mpi#UNDEFINED} ("no rank", as everywhere in this API)
     */
    public int failedRank() {
        return failedRank;
    }

    /**
     * The exit status a launcher should end with: the {@code abort} code, else 1.
     *
     * @return the exit status a launcher should end with: the {@code abort} code, else 1
     */
    public int exitCode() {
        return exitCode;
    }
}
