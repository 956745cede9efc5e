/** The pool engines: worker threads, worker JVMs and their socket protocol. Not exported. */
package org.parallel4j.pool.internal;
