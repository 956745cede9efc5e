/**
 * The loop engine: the persistent thread team, its barrier, chunk dispensers and the static
 * iteration map. Not exported.
 */
package org.parallel4j.loop.internal;
