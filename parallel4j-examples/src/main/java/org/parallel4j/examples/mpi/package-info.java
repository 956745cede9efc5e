/** The message-passing examples of the workshops (mpi4py), in Java. Each runs with {@code p4j example NAME -n N}. */
package org.parallel4j.examples.mpi;
