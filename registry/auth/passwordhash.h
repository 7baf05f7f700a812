// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

// Salted, slow password hashes: libsodium's crypto_pwhash_str (Argon2id, its interactive limits),
// encoded with their parameters and salt, so the limits can rise later without breaking old hashes.
namespace PasswordHash {
// Empty when libsodium cannot get the memory it needs.
QByteArray make(const QByteArray &password);
bool matches(const QByteArray &hash, const QByteArray &password);
}
