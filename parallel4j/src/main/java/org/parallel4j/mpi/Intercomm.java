package org.parallel4j.mpi;

/**
 * A communicator between two groups ({@code MPI_Intercomm}): the one from {@link Comm#spawn},
 * {@link Mpi#parent()} and {@link Comm#createIntercomm}. {@link #rank()} and {@link #size()}
 * are the calling rank's own group's; point-to-point calls name ranks of the other, remote,
 * group. The collectives an intercommunicator has ({@code barrier}, {@code bcast},
 * {@code reduce}, {@code allreduce}, {@code gather}, {@code scatter}, {@code allgather}, and the
 * object forms {@code bcastObject}, {@code reduceObject}, {@code allreduceObject},
 * {@code gatherObject}, {@code scatterObject}, {@code allgatherObject}) follow MPI's root
 * convention: in the root's group the root passes {@link Mpi#ROOT} and the others
 * {@link Mpi#PROC_NULL}; the other group passes the root's rank. A rooted collective moves data
 * between the root and the other group; {@code allreduce} and {@code allgather} give each
 * group the other group's data. Other collectives, and windows and files, are refused with
 * {@link ErrorClass#COMM}: {@link #merge} into an ordinary communicator first.
 */
public interface Intercomm extends Comm {
    /**
     * The number of ranks of the other group.
     *
     * @return the number of ranks of the other group
     */
    int remoteSize();

    /**
     * The other group. Its members are named by world rank where they are in the caller's
     * world; the MPI engine names the processes of another world (a spawn's other side) by
     * their rank in the remote group, the thread engine by their rank in the job.
     *
     * @return the other group
     */
    Group remoteGroup();

    /**
     * One ordinary communicator of both groups ({@code MPI_Intercomm_merge}): the group
     * passing {@code high = false} first, then the other. Collective over both groups.
     *
     * @param high whether this group's ranks come after the other's
     * @return the merged communicator
     */
    Comm merge(boolean high);

    /**
     * Waits for this communicator's pending messages and frees it ({@code MPI_Comm_disconnect}).
     * Collective over both groups.
     */
    void disconnect();
}
