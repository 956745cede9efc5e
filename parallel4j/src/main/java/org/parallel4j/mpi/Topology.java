package org.parallel4j.mpi;

import java.util.Arrays;

/**
 * The topology of a communicator made by {@link Comm#createGraph},
 * {@link Comm#createDistGraphAdjacent}, {@link Comm#createDistGraph} or {@link Comm#createCart}: the calling rank's
 * neighbours, in the order the neighbour collectives ({@link Comm#neighborAllgather},
 * {@link Comm#neighborAlltoall} and their object forms) receive from ({@link #sources()}) and
 * send to ({@link #destinations()}) them. A neighbour may appear more than once (a multigraph):
 * each appearance is one block.
 */
public sealed interface Topology permits Topology.Graph, Topology.DistGraph, Topology.Cartesian {
    /**
     * The ranks this one receives from, in block order.
     *
     * @return the ranks this one receives from, in block order
     */
    int[] sources();

    /**
     * The ranks this one sends to, in block order.
     *
     * @return the ranks this one sends to, in block order
     */
    int[] destinations();

    /**
     * A graph over all ranks ({@code MPI_Graph_create}): node {@code i}'s neighbours are
     * {@code edges[index[i-1] .. index[i])} ({@code index[-1] = 0}); a rank sends to and
     * receives from the same list.
     *
     * @param index the cumulative neighbour counts of the nodes
     * @param edges the neighbours of every node, one after the other
     * @param rank the calling rank
     */
    record Graph(int[] index, int[] edges, int rank) implements Topology {
        /** Copies the arrays. */
        public Graph {
            index = index.clone();
            edges = edges.clone();
        }

        /**
         * The cumulative neighbour counts of the nodes (a copy).
         *
         * @return the index array
         */
        @Override
        public int[] index() {
            return index.clone();
        }

        /**
         * The neighbours of every node, one after the other (a copy).
         *
         * @return the edges array
         */
        @Override
        public int[] edges() {
            return edges.clone();
        }

        /**
         * Node {@code node}'s neighbours ({@code MPI_Graph_neighbors}).
         *
         * @param node a node of the graph
         * @return its neighbours
         */
        public int[] neighbors(int node) {
            return Arrays.copyOfRange(edges, node == 0 ? 0 : index[node - 1], index[node]);
        }

        @Override
        public int[] sources() {
            return neighbors(rank);
        }

        @Override
        public int[] destinations() {
            return neighbors(rank);
        }
    }

    /**
     * A Cartesian grid ({@code MPI_Cart_create}): its neighbours are, for each dimension in
     * order, the rank one step below and the rank one step above ({@link CartComm#shift}{@code (d, 1)}'s
     * source, then its destination), so {@code 2 * dims.length} of them, {@link Mpi#PROC_NULL}
     * at a non-periodic edge (no data travels there, and that block of the receive buffer is left
     * as it was). In {@link Comm#neighborAlltoall} block {@code 2d} goes down dimension {@code d}
     * and block {@code 2d + 1} up, and the block received from below is what that neighbour sent
     * up, even where both neighbours are one rank (a periodic dimension of 1 or 2).
     *
     * @param dims the grid's extent in every dimension
     * @param periods whether each dimension wraps around
     * @param neighbors the calling rank's neighbours, in block order
     */
    record Cartesian(int[] dims, boolean[] periods, int[] neighbors) implements Topology {
        /**
         * Copies the arrays.
         *
         * @param dims the grid's extent in every dimension
         * @param periods whether each dimension wraps around
         * @param neighbors the calling rank's neighbours, in block order
         */
        public Cartesian {
            dims = dims.clone();
            periods = periods.clone();
            neighbors = neighbors.clone();
        }

        /**
         * The grid's extent in every dimension.
         *
         * @return a copy of the extents
         */
        @Override
        public int[] dims() {
            return dims.clone();
        }

        /**
         * Whether each dimension wraps around.
         *
         * @return a copy of the periods
         */
        @Override
        public boolean[] periods() {
            return periods.clone();
        }

        /**
         * The calling rank's neighbours, per dimension below then above.
         *
         * @return a copy of the neighbours
         */
        @Override
        public int[] neighbors() {
            return neighbors.clone();
        }

        @Override
        public int[] sources() {
            return neighbors.clone();
        }

        @Override
        public int[] destinations() {
            return neighbors.clone();
        }
    }

    /**
     * A distributed graph ({@code MPI_Dist_graph_create_adjacent} / {@code MPI_Dist_graph_create}):
     * the calling rank's own in and out edges, with their weights (null: unweighted).
     *
     * @param sources the ranks this one receives from
     * @param sourceWeights their weights, or null
     * @param destinations the ranks this one sends to
     * @param destinationWeights their weights, or null
     */
    record DistGraph(int[] sources, int[] sourceWeights, int[] destinations, int[] destinationWeights) implements Topology {
        /** Copies the arrays. */
        public DistGraph {
            sources = sources.clone();
            destinations = destinations.clone();
            sourceWeights = sourceWeights == null ? null : sourceWeights.clone();
            destinationWeights = destinationWeights == null ? null : destinationWeights.clone();
        }

        @Override
        public int[] sources() {
            return sources.clone();
        }

        @Override
        public int[] destinations() {
            return destinations.clone();
        }

        /**
         * The weights of the sources, or null when unweighted (a copy).
         *
         * @return the source weights, or null
         */
        @Override
        public int[] sourceWeights() {
            return sourceWeights == null ? null : sourceWeights.clone();
        }

        /**
         * The weights of the destinations, or null when unweighted (a copy).
         *
         * @return the destination weights, or null
         */
        @Override
        public int[] destinationWeights() {
            return destinationWeights == null ? null : destinationWeights.clone();
        }
    }
}
