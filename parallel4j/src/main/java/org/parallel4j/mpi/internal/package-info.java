/**
 * Engine-neutral implementation pieces: element types and copies, reduction kernels, the
 * default codec, Cartesian maps. Not exported.
 */
package org.parallel4j.mpi.internal;
