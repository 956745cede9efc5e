/** Pieces shared by the engines of several models (not exported). */
package org.parallel4j.internal;
