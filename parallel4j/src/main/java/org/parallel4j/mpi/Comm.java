package org.parallel4j.mpi;

import java.util.List;
import java.util.function.BinaryOperator;
import org.parallel4j.mpi.internal.CollectiveChecks;

/**
 * A communicator: a group of ranks and a private context for their messages, as
 * {@code mpi4py.MPI.Comm}. Get the world from {@link Mpi#world()} or the argument of
 * {@link Mpi#run(int, RankBody)}; derive others with {@link #dup()}, {@link #split(int, int)},
 * {@link #create(Group)} and {@link #createCart}.
 *
 * <p><b>Buffers.</b> A buffer argument ({@code Object buf}) is a primitive array of any type
 * or a {@link java.lang.foreign.MemorySegment}; counts and offsets are in elements (bytes for a
 * segment). The overloads without offset and count use the whole array. Sending and receiving
 * types must agree ({@link ErrorClass#TYPE}); a segment on either side matches any type byte for
 * byte.
 *
 * <p><b>Threading.</b> {@link ThreadLevel#MULTIPLE}: any thread of a rank (its own, or threads it
 * starts) may send and receive at the same time; messages match per (source, tag,
 * communicator) in the order they were sent. A communicator's collectives must be called from
 * one thread at a time, in the same order on every rank: give each thread that runs
 * collectives its own communicator ({@link #dup()}).
 *
 * <p><b>Ordering.</b> Messages between a pair of ranks on one communicator are not overtaken:
 * they match receives in the order they were sent. All ranks of a communicator must call its
 * collectives in the same order; a mismatch is reported as {@link ErrorClass#COLLECTIVE_MISMATCH}.
 *
 * <p><b>Blocking and failure.</b> Blocking calls end with an {@link MpiException} when another
 * rank fails ({@link ErrorClass#ABORTED}), when the job deadlocks ({@link ErrorClass#DEADLOCK},
 * with every rank's pending operation in the message) or when the thread is interrupted.
 * For a bounded wait use the nonblocking form and {@link Request#await(long, java.util.concurrent.TimeUnit)}.
 */
public interface Comm extends AutoCloseable {

    // ---------------------------------------------------------------- environment

    /**
     * The calling rank, {@code 0 <= rank() < size()}.
     *
     * @return the calling rank, {@code 0 <= rank() < size()}
     */
    int rank();

    /**
     * The number of ranks.
     *
     * @return the number of ranks
     */
    int size();

    /**
     * A name for messages and reports: "world", "self", "world.dup", ...
     *
     * @return the name messages and reports use for this communicator
     */
    String name();

    /**
     * Renames this communicator on the calling rank (MPI's {@code MPI_Comm_set_name}, local):
     * {@link #name()} and what reports show then use it.
     *
     * @param name the new name, not blank
     */
    void setName(String name);

    /**
     * The group of this communicator's ranks.
     *
     * @return the group of this communicator's ranks
     */
    Group group();

    /**
     * Ends the whole job: every rank's blocking call throws and the launcher exits with {@code code}.
     *
     * @param code the exit status the job ends with
     */
    void abort(int code);

    // ---------------------------------------------------------------- communicators

    /**
     * A new communicator with the same ranks and a separate message context. Collective.
     *
     * @return a new communicator with the same ranks and a separate message context
     */
    Comm dup();

    /**
     * {@link #dup()} with {@code hints} as the new communicator's hints instead of this one's
     * ({@code MPI_Comm_dup_with_info}). Collective.
     *
     * @param hints the new communicator's hints, or {@link Info#NULL}
     * @return a new communicator with the same ranks and a separate message context
     */
    Comm dup(Info hints);

    /**
     * The hints in use on this rank's communicator ({@code MPI_Comm_get_info}): on the MPI
     * engine what the library reports, on the thread engine those set by {@link #setInfo} or
     * {@link #dup(Info)} ({@link #dup()} copies them).
     *
     * @return the hints
     */
    Info info();

    /**
     * Sets hints on this communicator ({@code MPI_Comm_set_info}), for instance MPI 4's
     * {@code "mpi_assert_no_any_source"}: those given replace the ones of the same keys, the
     * others stay. Collective: every rank calls it.
     *
     * @param hints the hints to set
     */
    void setInfo(Info hints);

    /**
     * Starts a {@link #dup()} ({@code MPI_Comm_idup}): the request's {@link CommRequest#comm()}
     * is the new communicator once it completes. Collective: every rank starts it.
     *
     * @return the request, whose {@code comm()} is the new communicator
     */
    CommRequest idup();

    /**
     * The ranks of this communicator that share memory with the calling one, as a new
     * communicator ({@code MPI_Comm_split_type}); ordered by {@code key}, ties by rank. On the
     * thread engine every rank is in one process, so that is all of them. Collective.
     *
     * @param type how to split: {@link SplitType#SHARED}
     * @param key the order within the new communicator
     * @return the calling rank's part
     */
    Comm splitType(SplitType type, int key);

    /**
     * Starts {@code maxprocs} new ranks running {@code mainClass.main(args)} and returns the
     * intercommunicator to them ({@code MPI_Comm_spawn}); in the new ranks,
     * {@link Mpi#parent()} is its other side and {@link Mpi#world()} their own world.
     * Collective over this communicator; the arguments count at {@code root} only. The
     * thread engine starts them as thread ranks of this job, each with its own class loader
     * over the class path this rank's classes came from; the MPI engine asks the library to
     * start JVMs, with this JVM's options and class path.
     *
     * @param mainClass the class whose {@code main} the new ranks run
     * @param args its arguments
     * @param maxprocs how many ranks to start, at least 1
     * @param root the rank whose arguments count
     * @return the intercommunicator: the local group is this communicator's, the remote one the new ranks
     */
    default Intercomm spawn(String mainClass, String[] args, int maxprocs, int root) {
        return spawn(mainClass, args, maxprocs, Info.NULL, root);
    }

    /**
     * {@link #spawn(String, String[], int, int)} with hints for the library ({@code "wdir"},
     * {@code "host"}, ... as its {@code MPI_Comm_spawn} knows them; the thread engine ignores them).
     *
     * @param mainClass the class whose {@code main} the new ranks run
     * @param args its arguments
     * @param maxprocs how many ranks to start, at least 1
     * @param info hints, or {@link Info#NULL}
     * @param root the rank whose arguments count
     * @return the intercommunicator to the new ranks
     */
    Intercomm spawn(String mainClass, String[] args, int maxprocs, Info info, int root);

    /**
     * As {@link #spawn}, running a program that is not Java ({@code command}: a C MPI program,
     * found as {@code MPI_Comm_spawn} finds it). The MPI engine only: the thread engine can
     * start only Java ranks.
     *
     * @param command the program to start
     * @param args its arguments
     * @param maxprocs how many processes to start, at least 1
     * @param root the rank whose arguments count
     * @return the intercommunicator to the new processes
     */
    default Intercomm spawnCommand(String command, String[] args, int maxprocs, int root) {
        return spawnCommand(command, args, maxprocs, Info.NULL, root);
    }

    /**
     * {@link #spawnCommand(String, String[], int, int)} with hints for the library.
     *
     * @param command the program to start
     * @param args its arguments
     * @param maxprocs how many processes to start, at least 1
     * @param info hints, or {@link Info#NULL}
     * @param root the rank whose arguments count
     * @return the intercommunicator to the new processes
     */
    Intercomm spawnCommand(String command, String[] args, int maxprocs, Info info, int root);

    /**
     * Joins this communicator with another group into an intercommunicator
     * ({@code MPI_Intercomm_create}): this communicator's {@code localLeader} and the other
     * group's leader, rank {@code remoteLeader} of {@code peer}, agree over {@code peer} with
     * {@code tag}. Collective over this communicator.
     *
     * @param localLeader the leader's rank in this communicator
     * @param peer a communicator holding both leaders (significant at the local leader)
     * @param remoteLeader the other leader's rank in {@code peer}
     * @param tag the tag of the leaders' exchange
     * @return the intercommunicator
     */
    Intercomm createIntercomm(int localLeader, Comm peer, int remoteLeader, int tag);

    /**
     * Splits into one communicator per {@code color}, ranks ordered by {@code key} then by rank
     * here. Returns null for {@link Mpi#UNDEFINED}. Collective.
     *
     * @param color the subset this rank joins (ranks of the same colour form one communicator); {@link Mpi#UNDEFINED} for none
     * @param key the order of this rank in its new communicator (ties broken by this communicator's rank)
     * @return the communicator of this rank's colour, or null for {@link Mpi#UNDEFINED}
     */
    Comm split(int color, int key);

    /**
     * A communicator of the group's members (a subset of this one); null on ranks not in it. Collective.
     *
     * @param group the ranks of the new communicator, a subset of this one
     * @return a communicator of the group's members (a subset of this one); null on ranks not in it
     */
    Comm create(Group group);

    /**
     * IDENT for the same communicator, CONGRUENT for a copy, SIMILAR for the same ranks reordered, else UNEQUAL.
     *
     * @param other another communicator
     * @return IDENT, CONGRUENT, SIMILAR or UNEQUAL
     */
    Comparison compare(Comm other);

    /**
     * A Cartesian topology over the first {@code product(dims)} ranks; null on the others.
     * {@code reorder} is accepted and ignored: ranks keep their order. Collective.
     *
     * @param dims the number of processes along each dimension
     * @param periods for each dimension, whether it wraps around
     * @param reorder whether the ranks may be renumbered to fit the machine
     * @return the Cartesian communicator, or null on ranks outside the grid
     */
    CartComm createCart(int[] dims, boolean[] periods, boolean reorder);

    /**
     * A communicator with a graph topology over the first {@code index.length} ranks
     * ({@code MPI_Graph_create}; the other ranks get null): node {@code i}'s neighbours are
     * {@code edges[index[i-1] .. index[i])}. Collective. Ranks keep their order: the topology is
     * for the neighbour collectives, not for placement.
     *
     * @param index the cumulative neighbour counts, one per node
     * @param edges the neighbours of every node, one after the other
     * @param reorder ignored: ranks are not reordered
     * @return the new communicator, or null on a rank beyond the graph
     */
    Comm createGraph(int[] index, int[] edges, boolean reorder);

    /**
     * A communicator with a distributed graph topology where every rank names its own
     * neighbours ({@code MPI_Dist_graph_create_adjacent}). Collective; each rank's sources must
     * be the ranks that name it among their destinations, as many times.
     *
     * @param sources the ranks this one receives from, in block order
     * @param sourceWeights their weights, or null for unweighted
     * @param destinations the ranks this one sends to, in block order
     * @param destinationWeights their weights, or null for unweighted
     * @param reorder ignored: ranks are not reordered
     * @return the new communicator
     */
    Comm createDistGraphAdjacent(int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights, boolean reorder);

    /**
     * A communicator with a distributed graph topology where any rank may name any edges
     * ({@code MPI_Dist_graph_create}): node {@code sources[i]} has edges to the next
     * {@code degrees[i]} entries of {@code destinations}. Every rank then gets its in and out
     * edges, in the order of the rank that named them and then its order. Collective.
     *
     * @param sources the nodes whose edges this rank names
     * @param degrees how many edges each of them has
     * @param destinations the edges' ends, one after the other
     * @param weights their weights, or null for unweighted
     * @param reorder ignored: ranks are not reordered
     * @return the new communicator
     */
    Comm createDistGraph(int[] sources, int[] degrees, int[] destinations, int[] weights, boolean reorder);

    /**
     * The topology this communicator was made with (a graph, a distributed graph or a Cartesian
     * grid, {@link Topology.Cartesian}), or null.
     *
     * @return the topology, or null
     */
    Topology topology();

    /** Releases the communicator. Any later use throws {@link ErrorClass#COMM}. Freeing twice is allowed. */
    void free();

    /**
     * True once {@link #free()} was called.
     *
     * @return true once {@link #free()} was called
     */
    boolean isFreed();

    /** Same as {@link #free()}, for try-with-resources. */
    @Override
    default void close() {
        free();
    }

    // ---------------------------------------------------------------- point-to-point, blocking

    /**
     * Sends the whole buffer. May return before the receive when the message is small (buffered).
     *
     * @param buf the buffer
     * @param dest the rank to send to
     * @param tag the message tag
     */
    void send(Object buf, int dest, int tag);

    /**
     * Sends {@code count} elements from {@code offset}.
     *
     * @param buf the buffer
     * @param offset the index of the first element
     * @param count the number of elements
     * @param dest the rank to send to
     * @param tag the message tag
     */
    void send(Object buf, int offset, int count, int dest, int tag);

    /**
     * Synchronous send: returns only once the receiver has matched the message.
     *
     * @param buf the buffer
     * @param dest the rank to send to
     * @param tag the message tag
     */
    void ssend(Object buf, int dest, int tag);

    /**
     * Synchronous send of part of a buffer.
     *
     * @param buf the buffer
     * @param offset the index of the first element
     * @param count the number of elements
     * @param dest the rank to send to
     * @param tag the message tag
     */
    void ssend(Object buf, int offset, int count, int dest, int tag);

    /**
     * Receives into the whole buffer. {@code source} may be {@link Mpi#ANY_SOURCE}, {@code tag} {@link Mpi#ANY_TAG}.
     *
     * @param buf the buffer
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     */
    void recv(Object buf, int source, int tag);

    /**
     * Receives into the whole buffer and fills {@code status}.
     *
     * @param buf the buffer
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @param status filled with the source, tag and count of the message received, or null
     */
    void recv(Object buf, int source, int tag, Status status);

    /**
     * Receives at most {@code count} elements at {@code offset}, filling {@code status} when not null.
     *
     * @param buf the buffer
     * @param offset the index of the first element
     * @param count the number of elements
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @param status filled with the source, tag and count of the message received, or null
     */
    void recv(Object buf, int offset, int count, int source, int tag, Status status);

    /**
     * Sends one buffer and receives another without deadlock between the pair. The two may be
     * the same array (or overlapping segments): the whole send buffer is sent as it was before
     * the call, then replaced by the message, as {@link #sendrecvReplace}.
     *
     * @param sendBuf the data to send
     * @param dest the rank to send to
     * @param sendTag the tag of the message sent
     * @param recvBuf where the data received goes
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param recvTag the tag of the message received ({@link Mpi#ANY_TAG} for any)
     * @param status filled with the source, tag and count of the message received, or null
     */
    void sendrecv(Object sendBuf, int dest, int sendTag, Object recvBuf, int source, int recvTag, Status status);

    /**
     * Sends the whole buffer to {@code dest} and replaces its contents with a message from
     * {@code source} (MPI_Sendrecv_replace): the shift of a ring or a halo exchange in one
     * buffer. {@code status} may be null.
     *
     * @param buf the buffer
     * @param dest the rank to send to
     * @param sendTag the tag of the message sent
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param recvTag the tag of the message received ({@link Mpi#ANY_TAG} for any)
     * @param status filled with the source, tag and count of the message received, or null
     */
    void sendrecvReplace(Object buf, int dest, int sendTag, int source, int recvTag, Status status);

    /**
     * Waits for a matching message without receiving it.
     *
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @return the matching message's status
     */
    Status probe(int source, int tag);

    /**
     * A matching message's status if one has arrived, else null. Never blocks.
     *
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @return a matching message's status if one has arrived, else null
     */
    Status iprobe(int source, int tag);

    // ---------------------------------------------------------------- point-to-point, nonblocking

    /**
     * Starts a send of the whole buffer. Do not touch the buffer until the request completes.
     *
     * @param buf the buffer
     * @param dest the rank to send to
     * @param tag the message tag
     * @return the request, complete once the buffer may be reused
     */
    Request isend(Object buf, int dest, int tag);

    /**
     * Starts a send of part of a buffer.
     *
     * @param buf the buffer
     * @param offset the index of the first element
     * @param count the number of elements
     * @param dest the rank to send to
     * @param tag the message tag
     * @return the request, complete once the buffer may be reused
     */
    Request isend(Object buf, int offset, int count, int dest, int tag);

    /**
     * Starts a synchronous send: completes once the receiver has matched it.
     *
     * @param buf the buffer
     * @param dest the rank to send to
     * @param tag the message tag
     * @return the request, complete once the receiver has matched the message
     */
    Request issend(Object buf, int dest, int tag);

    /**
     * A buffered send ({@code MPI_Bsend}): the data is copied into the buffer
     * {@link Mpi#attachBuffer} gave this rank and the call returns at once, whatever the
     * receiver does. A {@link ErrorClass#BUFFER} error, naming the sizes, when no buffer is
     * attached or the messages not yet received would not fit in it.
     *
     * @param buf the data to send
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the message tag, 0..{@link Mpi#TAG_UB}
     */
    void bsend(Object buf, int dest, int tag);

    /**
     * A buffered send of {@code count} elements from {@code offset}; see {@link #bsend(Object, int, int)}.
     *
     * @param buf the data to send
     * @param offset the index of the first element
     * @param count the number of elements
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the message tag, 0..{@link Mpi#TAG_UB}
     */
    void bsend(Object buf, int offset, int count, int dest, int tag);

    /**
     * Starts a buffered send; the request is complete as soon as the data is in the attached buffer.
     *
     * @param buf the data to send
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the message tag, 0..{@link Mpi#TAG_UB}
     * @return the request
     */
    Request ibsend(Object buf, int dest, int tag);

    /**
     * A ready send ({@code MPI_Rsend}): only correct when the matching receive is already
     * posted. The thread engine checks that and fails with {@link ErrorClass#ARG}, naming the
     * destination and tag, when it is not (the message is not delivered); MPI libraries do
     * not check.
     *
     * @param buf the data to send
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the message tag, 0..{@link Mpi#TAG_UB}
     */
    void rsend(Object buf, int dest, int tag);

    /**
     * Starts a ready send; see {@link #rsend}.
     *
     * @param buf the data to send
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the message tag, 0..{@link Mpi#TAG_UB}
     * @return the request
     */
    Request irsend(Object buf, int dest, int tag);

    /**
     * A matched probe ({@code MPI_Mprobe}): waits for a message from {@code source} with
     * {@code tag} and takes it out of matching, so that no other receive, on any thread, can
     * get it; receive it with the returned {@link Message}, exactly once.
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the message
     */
    Message mprobe(int source, int tag);

    /**
     * A matched probe that does not wait ({@code MPI_Improbe}).
     *
     * @param source the source rank, {@link Mpi#ANY_SOURCE} or {@link Mpi#PROC_NULL}
     * @param tag the tag, or {@link Mpi#ANY_TAG}
     * @return the message, or null when none is there yet
     */
    Message improbe(int source, int tag);

    /**
     * Starts a receive into the whole buffer.
     *
     * @param buf the buffer
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @return the request, complete once the message is in the buffer
     */
    Request irecv(Object buf, int source, int tag);

    /**
     * Starts a receive into part of a buffer.
     *
     * @param buf the buffer
     * @param offset the index of the first element
     * @param count the number of elements
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @return the request, complete once the message is in the buffer
     */
    Request irecv(Object buf, int offset, int count, int source, int tag);

    // ---------------------------------------------------------------- point-to-point, persistent

    /**
     * A persistent send of the whole buffer; each {@link PersistentRequest#start()} sends its current contents.
     *
     * @param buf the buffer
     * @param dest the rank to send to
     * @param tag the message tag
     * @return a persistent send of the whole buffer; each {@link PersistentRequest#start()} sends its current contents
     */
    PersistentRequest sendInit(Object buf, int dest, int tag);

    /**
     * A persistent receive into the whole buffer.
     *
     * @param buf the buffer
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @return a persistent receive into the whole buffer
     */
    PersistentRequest recvInit(Object buf, int source, int tag);

    // ---------------------------------------------------------------- point-to-point, objects

    /**
     * Sends any serializable object. The receiver gets a copy.
     *
     * @param value the value
     * @param dest the rank to send to
     * @param tag the message tag
     */
    void sendObject(Object value, int dest, int tag);

    /**
     * Receives an object.
     *
     * @param <T> the type of the values
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @return the object received
     */
    <T> T recvObject(int source, int tag);

    /**
     * Receives an object and fills {@code status} (the sender, for {@link Mpi#ANY_SOURCE}).
     *
     * @param <T> the type of the values
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @param status filled with the source, tag and count of the message received, or null
     * @return the object received
     */
    <T> T recvObject(int source, int tag, Status status);

    /**
     * Starts an object send.
     *
     * @param value the value
     * @param dest the rank to send to
     * @param tag the message tag
     * @return the request, complete once the object may be reused
     */
    Request isendObject(Object value, int dest, int tag);

    /**
     * Sends an object synchronously: returns once the receiver has started receiving it.
     *
     * @param value the object to send
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the message tag, 0..{@link Mpi#TAG_UB}
     */
    void ssendObject(Object value, int dest, int tag);

    /**
     * Starts a synchronous object send: the request completes once the receiver has matched it.
     *
     * @param value the object to send
     * @param dest the destination rank, or {@link Mpi#PROC_NULL}
     * @param tag the message tag, 0..{@link Mpi#TAG_UB}
     * @return the request
     */
    Request issendObject(Object value, int dest, int tag);

    /**
     * Starts an object receive; {@link ObjectRequest#get()} yields the object.
     *
     * @param <T> the type of the values
     * @param source the rank to receive from ({@link Mpi#ANY_SOURCE} for any)
     * @param tag the message tag
     * @return the request, whose {@link ObjectRequest#get()} yields the object
     */
    <T> ObjectRequest<T> irecvObject(int source, int tag);

    // ---------------------------------------------------------------- collectives, buffers

    /** Waits until every rank has called it. */
    void barrier();

    /**
     * Copies the root's buffer to every rank's.
     *
     * @param buf the buffer
     * @param root the rank that holds the data (or receives it)
     */
    void bcast(Object buf, int root);

    /**
     * Copies {@code count} elements at {@code offset} of the root's buffer to every rank's.
     *
     * @param buf the buffer
     * @param offset the index of the first element
     * @param count the number of elements
     * @param root the rank that holds the data (or receives it)
     */
    void bcast(Object buf, int offset, int count, int root);

    /**
     * Sends block {@code i} of the root's {@code sendBuf} to rank {@code i}; the block size is {@code recvBuf}'s length.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @param root the rank that holds the data (or receives it)
     */
    void scatter(Object sendBuf, Object recvBuf, int root);

    /**
     * Sends {@code sendCounts[i]} elements from {@code displs[i]} of the root's buffer to rank {@code i}, which receives {@code recvCount}.
     *
     * @param sendBuf the data to send
     * @param sendCounts the number of elements sent to each rank
     * @param displs each rank's displacement in the buffer, in elements
     * @param recvBuf where the data received goes
     * @param recvCount the number of elements received from each rank
     * @param root the rank that holds the data (or receives it)
     */
    void scatterv(Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root);

    /**
     * Collects every rank's {@code sendBuf} into the root's {@code recvBuf}, in rank order.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @param root the rank that holds the data (or receives it)
     */
    void gather(Object sendBuf, Object recvBuf, int root);

    /**
     * Collects {@code sendCount} elements from each rank at the root's {@code displs[i]}; {@code recvCounts[i]} must equal rank i's count.
     *
     * @param sendBuf the data to send
     * @param sendCount the number of elements sent to each rank
     * @param recvBuf where the data received goes
     * @param recvCounts the number of elements received from each rank
     * @param displs each rank's displacement in the buffer, in elements
     * @param root the rank that holds the data (or receives it)
     */
    void gatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root);

    /**
     * Every rank gets every rank's {@code sendBuf}, in rank order.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     */
    void allgather(Object sendBuf, Object recvBuf);

    /**
     * Every rank gets {@code recvCounts[i]} elements from rank {@code i} at {@code displs[i]}.
     *
     * @param sendBuf the data to send
     * @param sendCount the number of elements sent to each rank
     * @param recvBuf where the data received goes
     * @param recvCounts the number of elements received from each rank
     * @param displs each rank's displacement in the buffer, in elements
     */
    void allgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs);

    /**
     * Block {@code j} of rank {@code i}'s {@code sendBuf} goes to block {@code i} of rank {@code j}'s {@code recvBuf}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     */
    void alltoall(Object sendBuf, Object recvBuf);

    /**
     * All-to-all with per-pair counts and displacements.
     *
     * @param sendBuf the data to send
     * @param sendCounts the number of elements sent to each rank
     * @param sendDispls where the elements for each rank start in the send buffer
     * @param recvBuf where the data received goes
     * @param recvCounts the number of elements received from each rank
     * @param recvDispls where each rank's elements go in the receive buffer
     */
    void alltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls);

    /**
     * All-to-all where each pair of ranks may exchange its own buffer and element type
     * ({@code MPI_Alltoallw}): {@code sendCounts[j]} elements of {@code sendBufs[j]} from
     * {@code sendOffsets[j]} go to rank {@code j}, and rank {@code k}'s block lands in
     * {@code recvBufs[k]} from {@code recvOffsets[k]}. A pair's two sides must agree on the
     * count and the element type; a buffer may be null where its count is 0.
     *
     * @param sendBufs one buffer per rank, sent to that rank
     * @param sendOffsets where each block starts in its buffer
     * @param sendCounts the number of elements sent to each rank
     * @param recvBufs one buffer per rank, received from that rank
     * @param recvOffsets where each block goes in its buffer
     * @param recvCounts the number of elements received from each rank
     */
    void alltoallw(Object[] sendBufs, int[] sendOffsets, int[] sendCounts, Object[] recvBufs, int[] recvOffsets, int[] recvCounts);

    /**
     * Combines every rank's {@code sendBuf} element-wise into the root's {@code recvBuf}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @param op the reduction operation
     * @param root the rank that holds the data (or receives it)
     */
    void reduce(Object sendBuf, Object recvBuf, Op op, int root);

    /**
     * Combines every rank's {@code sendBuf} element-wise into every rank's {@code recvBuf}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @param op the reduction operation
     */
    void allreduce(Object sendBuf, Object recvBuf, Op op);

    /**
     * Reduces, then scatters: rank {@code i} receives {@code recvCounts[i]} elements of the result.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @param recvCounts the number of elements received from each rank
     * @param op the reduction operation
     */
    void reduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Op op);

    /**
     * Inclusive prefix reduction: rank {@code i} gets ranks {@code 0..i} combined.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @param op the reduction operation
     */
    void scan(Object sendBuf, Object recvBuf, Op op);

    /**
     * Exclusive prefix reduction: rank {@code i} gets ranks {@code 0..i-1} combined; rank 0's {@code recvBuf} is left as is.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @param op the reduction operation
     */
    void exscan(Object sendBuf, Object recvBuf, Op op);

    /**
     * Reduces, then scatters blocks of one size: rank {@code i} receives elements
     * {@code i*recvCount .. (i+1)*recvCount} of the result (MPI's {@code MPI_Reduce_scatter_block}).
     *
     * @param sendBuf the data to send: {@code recvCount} elements per rank, or {@link Mpi#IN_PLACE}
     * @param recvBuf where this rank's block of the result goes
     * @param recvCount the number of elements every rank receives
     * @param op the reduction operation
     */
    default void reduceScatterBlock(Object sendBuf, Object recvBuf, int recvCount, Op op) {
        reduceScatter(sendBuf, recvBuf, CollectiveChecks.blockCounts(size(), recvCount, "reduceScatterBlock"), op);
    }

    // ---------------------------------------------------------------- collectives, scalars

    /**
     * Every rank's value combined.
     *
     * @param value the value
     * @param op the reduction operation
     * @return every rank's value combined
     */
    double allreduce(double value, Op op);

    /**
     * Every rank's value combined.
     *
     * @param value the value
     * @param op the reduction operation
     * @return every rank's value combined
     */
    long allreduce(long value, Op op);

    /**
     * Every rank's value combined.
     *
     * @param value the value
     * @param op the reduction operation
     * @return every rank's value combined
     */
    int allreduce(int value, Op op);

    /**
     * Every rank's value combined, at the root; other ranks get their own value back.
     *
     * @param value the value
     * @param op the reduction operation
     * @param root the rank that holds the data (or receives it)
     * @return every rank's value combined, at the root; other ranks get their own value back
     */
    double reduce(double value, Op op, int root);

    /**
     * Every rank's value combined, at the root; other ranks get their own value back.
     *
     * @param value the value
     * @param op the reduction operation
     * @param root the rank that holds the data (or receives it)
     * @return every rank's value combined, at the root; other ranks get their own value back
     */
    long reduce(long value, Op op, int root);

    // ---------------------------------------------------------------- collectives, nonblocking

    /**
     * Starts a barrier: the request completes once every rank has started it.
     *
     * @return the request, complete once every rank has started the barrier
     */
    Request ibarrier();

    /**
     * Starts a broadcast.
     *
     * @param buf the buffer
     * @param root the rank that holds the data (or receives it)
     * @return the request, complete once the root's data is in the buffer
     */
    Request ibcast(Object buf, int root);

    /**
     * Starts an allreduce.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @param op the reduction operation
     * @return the request, complete once the result is in {@code recvBuf}
     */
    Request iallreduce(Object sendBuf, Object recvBuf, Op op);

    /**
     * Starts a {@link #gather}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes (at the root)
     * @param root the rank that receives the data
     * @return the request, complete once this rank's part is done (at the root: every block is in {@code recvBuf})
     */
    Request igather(Object sendBuf, Object recvBuf, int root);

    /**
     * Starts a {@link #gatherv}.
     *
     * @param sendBuf the data to send
     * @param sendCount the number of elements this rank sends
     * @param recvBuf where the data received goes (at the root)
     * @param recvCounts the number of elements received from each rank
     * @param displs each rank's displacement in the buffer, in elements
     * @param root the rank that receives the data
     * @return the request, complete once this rank's part is done
     */
    Request igatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs, int root);

    /**
     * Starts a {@link #scatter}.
     *
     * @param sendBuf the data to send (at the root)
     * @param recvBuf where this rank's block goes
     * @param root the rank that holds the data
     * @return the request, complete once this rank's block is in {@code recvBuf}
     */
    Request iscatter(Object sendBuf, Object recvBuf, int root);

    /**
     * Starts a {@link #scatterv}.
     *
     * @param sendBuf the data to send (at the root)
     * @param sendCounts the number of elements sent to each rank
     * @param displs each rank's displacement in the buffer, in elements
     * @param recvBuf where this rank's block goes
     * @param recvCount the number of elements this rank receives
     * @param root the rank that holds the data
     * @return the request, complete once this rank's block is in {@code recvBuf}
     */
    Request iscatterv(Object sendBuf, int[] sendCounts, int[] displs, Object recvBuf, int recvCount, int root);

    /**
     * Starts an {@link #allgather}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @return the request, complete once every rank's block is in {@code recvBuf}
     */
    Request iallgather(Object sendBuf, Object recvBuf);

    /**
     * Starts an {@link #allgatherv}.
     *
     * @param sendBuf the data to send
     * @param sendCount the number of elements this rank sends
     * @param recvBuf where the data received goes
     * @param recvCounts the number of elements received from each rank
     * @param displs each rank's displacement in the buffer, in elements
     * @return the request, complete once every rank's block is in {@code recvBuf}
     */
    Request iallgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs);

    /**
     * Starts an {@link #alltoall}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the data received goes
     * @return the request, complete once every rank's block is in {@code recvBuf}
     */
    Request ialltoall(Object sendBuf, Object recvBuf);

    /**
     * Starts an {@link #alltoallv}.
     *
     * @param sendBuf the data to send
     * @param sendCounts the number of elements sent to each rank
     * @param sendDispls where the elements for each rank start in the send buffer
     * @param recvBuf where the data received goes
     * @param recvCounts the number of elements received from each rank
     * @param recvDispls where each rank's elements go in the receive buffer
     * @return the request, complete once every rank's block is in {@code recvBuf}
     */
    Request ialltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls);

    /**
     * Starts a {@link #reduce}. With a user operation ({@link Op#create}) the operation runs
     * when the request completes, on the root, in rank order; if it throws, the root's request
     * fails with what it threw.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the result goes (at the root)
     * @param op the reduction operation
     * @param root the rank that receives the result
     * @return the request, complete once this rank's part is done (at the root: the result is in {@code recvBuf})
     */
    Request ireduce(Object sendBuf, Object recvBuf, Op op, int root);

    /**
     * Starts a {@link #reduceScatter}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where this rank's block of the result goes
     * @param recvCounts the number of elements each rank receives
     * @param op the reduction operation
     * @return the request, complete once this rank's block is in {@code recvBuf}
     */
    Request ireduceScatter(Object sendBuf, Object recvBuf, int[] recvCounts, Op op);

    /**
     * Starts a {@link #reduceScatterBlock}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where this rank's block of the result goes
     * @param recvCount the number of elements every rank receives
     * @param op the reduction operation
     * @return the request, complete once this rank's block is in {@code recvBuf}
     */
    default Request ireduceScatterBlock(Object sendBuf, Object recvBuf, int recvCount, Op op) {
        return ireduceScatter(sendBuf, recvBuf, CollectiveChecks.blockCounts(size(), recvCount, "ireduceScatterBlock"), op);
    }

    /**
     * Starts a {@link #scan}.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the result goes
     * @param op the reduction operation
     * @return the request, complete once this rank's prefix is in {@code recvBuf}
     */
    Request iscan(Object sendBuf, Object recvBuf, Op op);

    /**
     * Starts an {@link #exscan}; rank 0's {@code recvBuf} is left as is.
     *
     * @param sendBuf the data to send
     * @param recvBuf where the result goes
     * @param op the reduction operation
     * @return the request, complete once this rank's prefix is in {@code recvBuf}
     */
    Request iexscan(Object sendBuf, Object recvBuf, Op op);

    // ---------------------------------------------------------------- neighbour collectives

    /**
     * Sends {@code sendBuf} to every destination of this rank's {@link #topology()} and
     * receives block {@code k} of {@code recvBuf} from source {@code k} ({@code MPI_Neighbor_allgather}).
     * On a Cartesian grid the neighbours are, per dimension, the rank below and the rank above;
     * a block from {@link Mpi#PROC_NULL} (a non-periodic edge) is left as it was.
     *
     * @param sendBuf the data to send
     * @param recvBuf one block of {@code sendBuf}'s length per source
     */
    void neighborAllgather(Object sendBuf, Object recvBuf);

    /**
     * Sends block {@code j} of {@code sendBuf} to destination {@code j} and receives block
     * {@code k} of {@code recvBuf} from source {@code k} ({@code MPI_Neighbor_alltoall}); the
     * blocks of both buffers have one size.
     *
     * @param sendBuf one block per destination
     * @param recvBuf one block per source
     */
    void neighborAlltoall(Object sendBuf, Object recvBuf);

    /**
     * Sends {@code sendCount} elements of {@code sendBuf} to every destination of this rank's
     * {@link #topology()} and receives {@code recvCounts[k]} elements from source {@code k} at
     * {@code displs[k]} of {@code recvBuf} ({@code MPI_Neighbor_allgatherv}). Each source must
     * send what this rank expects from it: a different count is an error naming both. A block
     * from {@link Mpi#PROC_NULL} is left as it was.
     *
     * @param sendBuf the data to send
     * @param sendCount the number of elements sent to each destination
     * @param recvBuf where the blocks go
     * @param recvCounts the number of elements from each source
     * @param displs where each source's block starts in {@code recvBuf}, in elements
     */
    void neighborAllgatherv(Object sendBuf, int sendCount, Object recvBuf, int[] recvCounts, int[] displs);

    /**
     * Sends {@code sendCounts[j]} elements of {@code sendBuf} from {@code sendDispls[j]} to
     * destination {@code j} and receives {@code recvCounts[k]} elements from source {@code k} at
     * {@code recvDispls[k]} ({@code MPI_Neighbor_alltoallv}); a pair's counts must agree (an
     * error naming both when they do not).
     *
     * @param sendBuf the data to send
     * @param sendCounts the number of elements sent to each destination
     * @param sendDispls where each destination's block starts in {@code sendBuf}
     * @param recvBuf where the blocks go
     * @param recvCounts the number of elements from each source
     * @param recvDispls where each source's block starts in {@code recvBuf}
     */
    void neighborAlltoallv(Object sendBuf, int[] sendCounts, int[] sendDispls, Object recvBuf, int[] recvCounts, int[] recvDispls);

    /**
     * The neighbour all-to-all where each neighbour's block may be its own buffer and element
     * type ({@code MPI_Neighbor_alltoallw}): {@code sendCounts[j]} elements of
     * {@code sendBufs[j]} from {@code sendOffsets[j]} go to destination {@code j}, and source
     * {@code k}'s block lands in {@code recvBufs[k]} from {@code recvOffsets[k]}. A pair's two
     * sides must agree on the count and the element type; a buffer may be null where its count is 0.
     *
     * @param sendBufs one buffer per destination
     * @param sendOffsets where each block starts in its buffer
     * @param sendCounts the number of elements sent to each destination
     * @param recvBufs one buffer per source
     * @param recvOffsets where each block goes in its buffer
     * @param recvCounts the number of elements from each source
     */
    void neighborAlltoallw(Object[] sendBufs, int[] sendOffsets, int[] sendCounts, Object[] recvBufs, int[] recvOffsets, int[] recvCounts);

    /**
     * The object form of {@link #neighborAllgather}: every source's value, in source order.
     *
     * @param <T> the type of the values
     * @param value the value sent to every destination
     * @return the sources' values
     */
    <T> List<T> neighborAllgatherObject(T value);

    /**
     * The object form of {@link #neighborAlltoall}: value {@code j} goes to destination {@code j}.
     *
     * @param <T> the type of the values
     * @param values one value per destination
     * @return the sources' values, in source order
     */
    <T> List<T> neighborAlltoallObject(List<T> values);

    // ---------------------------------------------------------------- collectives, objects

    /**
     * The root's object, copied to every rank.
     *
     * @param <T> the type of the values
     * @param value the value
     * @param root the rank that holds the data (or receives it)
     * @return the root's object, copied to every rank
     */
    <T> T bcastObject(T value, int root);

    /**
     * Element {@code i} of the root's list (of {@code size()} elements) goes to rank {@code i}.
     *
     * @param <T> the type of the values
     * @param values one value per rank, in rank order
     * @param root the rank that holds the data (or receives it)
     * @return element {@code i} of the root's list (of {@code size()} elements) goes to rank {@code i}
     */
    <T> T scatterObject(List<T> values, int root);

    /**
     * Every rank's object, in rank order, at the root; null elsewhere.
     *
     * @param <T> the type of the values
     * @param value the value
     * @param root the rank that holds the data (or receives it)
     * @return every rank's object, in rank order, at the root; null elsewhere
     */
    <T> List<T> gatherObject(T value, int root);

    /**
     * Every rank's object, in rank order, at every rank.
     *
     * @param <T> the type of the values
     * @param value the value
     * @return every rank's object, in rank order, at every rank
     */
    <T> List<T> allgatherObject(T value);

    /**
     * Element {@code j} of rank {@code i}'s list goes to element {@code i} of rank {@code j}'s result.
     *
     * @param <T> the type of the values
     * @param values one value per rank, in rank order
     * @return element {@code j} of rank {@code i}'s list goes to element {@code i} of rank {@code j}'s result
     */
    <T> List<T> alltoallObject(List<T> values);

    /**
     * Every rank's object combined with a built-in operation (numbers, booleans, {@link Loc}, primitive arrays), at the root; null elsewhere.
     *
     * @param <T> the type of the values
     * @param value the value
     * @param op the reduction operation
     * @param root the rank that holds the data (or receives it)
     * @return every rank's object combined with a built-in operation (numbers, booleans, {@link Loc}, primitive arrays), at the root; null elsewhere
     */
    <T> T reduceObject(T value, Op op, int root);

    /**
     * Every rank's object combined with {@code op} in rank order, at the root; null elsewhere.
     *
     * @param <T> the type of the values
     * @param value the value
     * @param op the reduction operation
     * @param root the rank that holds the data (or receives it)
     * @return every rank's object combined with {@code op} in rank order, at the root; null elsewhere
     */
    <T> T reduceObject(T value, BinaryOperator<T> op, int root);

    /**
     * Every rank's object combined with a built-in operation, at every rank.
     *
     * @param <T> the type of the values
     * @param value the value
     * @param op the reduction operation
     * @return every rank's object combined with a built-in operation, at every rank
     */
    <T> T allreduceObject(T value, Op op);

    /**
     * Every rank's object combined with {@code op} in rank order, at every rank.
     *
     * @param <T> the type of the values
     * @param value the value
     * @param op the reduction operation
     * @return every rank's object combined with {@code op} in rank order, at every rank
     */
    <T> T allreduceObject(T value, BinaryOperator<T> op);

    /**
     * Inclusive prefix of the objects with {@code op}.
     *
     * @param <T> the type of the values
     * @param value the value
     * @param op the reduction operation
     * @return the objects of ranks 0 to this one combined with {@code op}
     */
    <T> T scanObject(T value, BinaryOperator<T> op);

    /**
     * Exclusive prefix of the objects with {@code op}; null at rank 0.
     *
     * @param <T> the type of the values
     * @param value the value
     * @param op the reduction operation
     * @return the objects of the ranks before this one combined with {@code op}; null at rank 0
     */
    <T> T exscanObject(T value, BinaryOperator<T> op);

    // ---------------------------------------------------------------- one-sided communication

    /**
     * A window over {@code memory} on every rank (MPI_Win_create), the displacement unit its
     * element size (1 for a segment). Collective. On the MPI engine {@code memory} must be a
     * native segment (see {@link Win}).
     *
     * @param memory this rank's region: a primitive array (not boolean[]) or a segment, of any size, empty included
     * @return the window
     */
    Win winCreate(Object memory);

    /**
     * A window over {@code memory} with the given displacement unit. Collective.
     *
     * @param memory this rank's region: a primitive array (not boolean[]) or a segment
     * @param dispUnit the bytes one displacement step moves at this rank's region (1 or more)
     * @return the window
     */
    default Win winCreate(Object memory, int dispUnit) {
        return winCreate(memory, dispUnit, Info.NULL);
    }

    /**
     * {@link #winCreate(Object, int)} with hints for the library ({@code MPI_Win_create}'s info):
     * {@code "no_locks"} ({@code "true"}: this rank promises no passive-target epochs, and both
     * engines refuse {@link Win#lock} and {@link Win#lockAll} on it), {@code "accumulate_ordering"},
     * {@code "accumulate_ops"}, {@code "same_size"}, {@code "same_disp_unit"}. {@link Win#info()}
     * tells which the window uses. Collective.
     *
     * @param memory this rank's region: a primitive array (not boolean[]) or a segment
     * @param dispUnit the bytes one displacement step moves at this rank's region (1 or more)
     * @param hints hints, or {@link Info#NULL}
     * @return the window
     */
    Win winCreate(Object memory, int dispUnit, Info hints);

    /**
     * A window over {@code bytes} bytes the library allocates on every rank (MPI_Win_allocate),
     * zeroed, 64-byte aligned; {@link Win#memory()} is this rank's, freed with the window. Collective.
     *
     * @param bytes the size of this rank's region (each rank may give its own)
     * @param dispUnit the bytes one displacement step moves at this rank's region (1 or more)
     * @return the window
     */
    default Win winAllocate(long bytes, int dispUnit) {
        return winAllocate(bytes, dispUnit, Info.NULL);
    }

    /**
     * {@link #winAllocate(long, int)} with hints for the library, as for
     * {@link #winCreate(Object, int, Info)}. Collective.
     *
     * @param bytes the size of this rank's region (each rank may give its own)
     * @param dispUnit the bytes one displacement step moves at this rank's region (1 or more)
     * @param hints hints, or {@link Info#NULL}
     * @return the window
     */
    Win winAllocate(long bytes, int dispUnit, Info hints);

    /**
     * A window whose regions are one block of shared memory (MPI_Win_allocate_shared): every
     * rank may load and store any rank's region directly ({@link Win#sharedQuery(int)}), rank
     * after rank in rank order. Every rank of this communicator must be on one node (the
     * thread engine's ranks always are; on the MPI engine use a communicator of one node's
     * ranks). Collective.
     *
     * @param bytes the size of this rank's region
     * @param dispUnit the bytes one displacement step moves at this rank's region (1 or more)
     * @return the window
     */
    default Win winAllocateShared(long bytes, int dispUnit) {
        return winAllocateShared(bytes, dispUnit, Info.NULL);
    }

    /**
     * {@link #winAllocateShared(long, int)} with hints for the library: those of
     * {@link #winCreate(Object, int, Info)} and {@code "alloc_shared_noncontig"} (on the MPI
     * engine, {@code "true"} lets the library place each rank's region apart; the thread
     * engine's regions stay one block). Collective.
     *
     * @param bytes the size of this rank's region
     * @param dispUnit the bytes one displacement step moves at this rank's region (1 or more)
     * @param hints hints, or {@link Info#NULL}
     * @return the window
     */
    Win winAllocateShared(long bytes, int dispUnit, Info hints);

    // ---------------------------------------------------------------- parallel I/O

    /**
     * Opens a file on every rank of this communicator (MPI_File_open). Collective: every rank
     * gives the same path and modes; when the file cannot be opened every rank gets the error.
     *
     * @param path the file (the same path on every rank)
     * @param modes exactly one of RDONLY, WRONLY, RDWR, and any of the others
     * @return the open file, its view every byte from offset 0
     */
    default MpiFile fileOpen(String path, FileMode... modes) {
        return fileOpen(path, Info.NULL, modes);
    }

    /**
     * {@link #fileOpen(String, FileMode...)} with hints for MPI-IO ({@code "cb_nodes"},
     * {@code "striping_factor"}, ...; the thread engine ignores them).
     *
     * @param path the file (the same path on every rank)
     * @param hints hints, or {@link Info#NULL}
     * @param modes exactly one of RDONLY, WRONLY, RDWR, and any of the others
     * @return the open file, its view every byte from offset 0
     */
    MpiFile fileOpen(String path, Info hints, FileMode... modes);
}
