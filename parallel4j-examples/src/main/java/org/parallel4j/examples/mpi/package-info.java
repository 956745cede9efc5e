/** The message-passing examples of the workshops (mpi4py), in Java. Each runs with {@code p4j example -n N NAME}. */
package org.parallel4j.examples.mpi;
