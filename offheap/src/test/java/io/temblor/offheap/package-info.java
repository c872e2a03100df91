/**
 * Tests of the off-heap memory classes.
 */
package io.temblor.offheap;
