/**
 * Lowering of the raw AST into the executable tree: module loading along the module path, locals to register slots,
 * constants evaluated once into the constant pool, function and intrinsic binding. Depends on ast, parser, runtime,
 * stdlib and the value model.
 */
package io.temblor.script.compile;
