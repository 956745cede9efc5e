/** The pool engines: worker threads, worker JVMs and their pipe protocol. Not exported. */
package org.parallel4j.pool.internal;
