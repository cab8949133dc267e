/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Deliberate defects that the memory-model suite's self-test switches on, to show that its tests can fail.
 */
package io.memfabric.consensus.fault;
