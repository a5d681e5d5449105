/*
 * libiedu - industry-education integration data: organisations and the
 * collaborative bodies they form, memberships, people and posts, relations,
 * designations, events, agreements and statistics, each traced to its
 * sources.
 *
 * This umbrella header includes every public header of the library.
 *
 * Copyright (c) 2026 The libiedu authors.
 * SPDX-License-Identifier: MIT
 */
#ifndef IEDU_H
#define IEDU_H

#include "iedu/common.h"
#include "iedu/version.h"
#include "iedu/errors.h"
#include "iedu/alloc.h"
#include "iedu/values.h"
#include "iedu/database.h"
#include "iedu/records.h"
#include "iedu/batch.h"
#include "iedu/queries.h"
#include "iedu/check.h"
#include "iedu/xml.h"
#include "iedu/collation.h"
#include "iedu/search.h"

#endif
