/**
 * Lowering of the raw AST into the executable tree: module loading along the module path and from the bundled
 * {@code std}/{@code tremor} modules, locals to register slots, constants evaluated once into the constant pool,
 * function and intrinsic binding. Depends on ast, parser, runtime, stdlib, extract and the value model.
 */
package io.temblor.script.compile;
