// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/accountname.h"

#include <QRegularExpression>

bool AccountName::isValid(QStringView name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return valid.match(name.toString()).hasMatch();
}
