// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

namespace AccountName {

// 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit: a name that goes in a
// URL's user part and in a Basic header unchanged.
bool isValid(QStringView name);
constexpr int maxLength = 64;
// The longest password accepted, in UTF-8 bytes.
constexpr int maxPasswordBytes = 1024;

} // namespace AccountName
