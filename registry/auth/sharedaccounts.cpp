// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/sharedaccounts.h"

SharedAccounts::~SharedAccounts() = default;
