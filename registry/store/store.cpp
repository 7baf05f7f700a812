// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/store.h"

Store::~Store() = default;
