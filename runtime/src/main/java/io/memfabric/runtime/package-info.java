/*
 * Copyright 2026 The MemFabric authors
 *
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The inside of the fabric: nodes, the object model (headers, class layouts, root cells) and the entry points the
 * agent's generated code calls. Not an application API; names here may change between releases.
 */
package io.memfabric.runtime;
