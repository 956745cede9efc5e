/** The task-pool examples of the workshops (multiprocessing, concurrent.futures), in Java. */
package org.parallel4j.examples.pool;
