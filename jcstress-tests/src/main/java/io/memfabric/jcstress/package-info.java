/**
 * Memory-model litmus tests for MemFabric, run with JCStress.
 * <p>
 * What will live here (its own issue): JCStress tests whose actors run on different fabric nodes (several nodes in
 * one JVM, as the runtime allows), checking that STRONG fields, {@code volatile} and {@code synchronized} on shared
 * objects keep the Java Memory Model's guarantees across nodes, and that CAUSAL and EVENTUAL fields allow only the
 * outcomes their contracts allow. They are packaged as a JCStress uber-jar and run by their own command, outside CI.
 * <p>
 * It holds no code yet.
 */
package io.memfabric.jcstress;
