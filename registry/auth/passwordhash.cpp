// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/passwordhash.h"

#include <sodium.h>

namespace {
bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}
}

QByteArray PasswordHash::make(const QByteArray &password)
{
    if (!sodiumReady())
        return {};
    char hash[crypto_pwhash_STRBYTES] {};
    if (crypto_pwhash_str(hash, password.constData(), quint64(password.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return QByteArray(hash);
}

bool PasswordHash::matches(const QByteArray &hash, const QByteArray &password)
{
    if (!sodiumReady() || hash.isEmpty())
        return false;
    return crypto_pwhash_str_verify(hash.constData(), password.constData(), quint64(password.size())) == 0;
}
