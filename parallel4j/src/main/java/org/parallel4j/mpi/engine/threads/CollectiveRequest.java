package org.parallel4j.mpi.engine.threads;

/** The request of a nonblocking collective; completed by the last rank to arrive. */
class CollectiveRequest extends ThreadRequest {
    private final String what;

    CollectiveRequest(RankContext owner, String what) {
        super(owner);
        this.what = what;
    }

    @Override
    public String describe() {
        return what + ", waiting for the other ranks to start it";
    }
}
