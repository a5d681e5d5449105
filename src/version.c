/* The version of the library actually linked. */
#include "iedu/version.h"

uint32_t iedu_version_major(void) { return IEDU_VERSION_MAJOR; }
uint32_t iedu_version_minor(void) { return IEDU_VERSION_MINOR; }
uint32_t iedu_version_patch(void) { return IEDU_VERSION_PATCH; }
uint32_t iedu_version_number(void) { return IEDU_VERSION_NUMBER; }
const char *iedu_version_string(void) { return IEDU_VERSION_STRING; }
