// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/writepolicy.h"

WritePolicy::~WritePolicy() = default;
