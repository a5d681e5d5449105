/*
 * libiedu - version of the headers and of the library.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_VERSION_H
#define IEDU_VERSION_H

#include "iedu/common.h"

/* The version of these headers. CMake reads the numbers from here. */
#define IEDU_VERSION_MAJOR 1
#define IEDU_VERSION_MINOR 0
#define IEDU_VERSION_PATCH 0
#define IEDU_VERSION_STRING "1.0.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons. */
#define IEDU_VERSION_NUMBER                                                    \
	(IEDU_VERSION_MAJOR * 10000 + IEDU_VERSION_MINOR * 100 +               \
	 IEDU_VERSION_PATCH)

IEDU_BEGIN_DECLS

/*
 * The version of the library actually linked, which may be newer than the
 * headers a program was built with. The string is static. Thread-safe.
 */
IEDU_API uint32_t iedu_version_major(void);
IEDU_API uint32_t iedu_version_minor(void);
IEDU_API uint32_t iedu_version_patch(void);
IEDU_API uint32_t iedu_version_number(void);
IEDU_API const char *iedu_version_string(void);

IEDU_END_DECLS

#endif
