/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The public API of MemFabric: {@link io.memfabric.Fabric}, its configuration {@link io.memfabric.FabricConfig},
 * fabric URIs and the exceptions the fabric reports. Classes and fields are put on the fabric with
 * {@link io.memfabric.annotations.Shared}.
 */
package io.memfabric;
