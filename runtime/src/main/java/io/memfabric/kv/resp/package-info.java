/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * The Redis-protocol (RESP2) front of the KV-cache store: {@link io.memfabric.kv.resp.RespServer} answers Redis
 * clients, {@link io.memfabric.kv.resp.PoolRespStore} keeps their values in the host's page pool, and
 * {@link io.memfabric.kv.resp.RespServerMain} is {@code ./fabric kv serve}.
 */
package io.memfabric.kv.resp;
