#pragma once
// Moved: the command table now lives at the application boundary
// (application/command_table.h). Kept so that code written before the move
// still compiles; include the new header instead.

#include "application/command_table.h"
