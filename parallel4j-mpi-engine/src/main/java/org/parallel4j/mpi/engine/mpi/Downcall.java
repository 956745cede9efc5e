package org.parallel4j.mpi.engine.mpi;

import org.parallel4j.mpi.MpiException;

/**
 * One library call that may block, recorded as the calling thread's pending operation while it
 * runs (what a timeout report prints): the window and file calls' shared wrapper. An
 * {@link MpiException} passes through; anything else the downcall throws becomes an internal error.
 */
final class Downcall {
    /** The call: a downcall returning the library's code. */
    @FunctionalInterface
    interface Call {
        int run() throws Throwable;
    }

    private Downcall() {
    }

    /** The code {@code call} returned, with {@code what(peer, comm=on)} as the pending operation meanwhile. */
    static int blocking(MpiEngine engine, String what, String on, int peer, Call call) {
        MpiEngine.Activity a = engine.activity();
        a.begin(what, on, peer, MpiEngine.NONE);
        try {
            return call.run();
        } catch (MpiException e) {
            throw e;
        } catch (Throwable e) {
            throw NativeComm.unexpected(e);
        } finally {
            a.end();
        }
    }
}
