/**
 * Compile-time errors of the script front end, each with its source span, and their rendering in Tremor's format.
 * Depends on nothing but the JDK.
 */
package io.temblor.script.error;
