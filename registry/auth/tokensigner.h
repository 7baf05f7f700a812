// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

// Bearer tokens as Service-Center's RBAC hands them out at POST /v4/token: the account and an expiry,
// signed with HMAC-SHA256 under a key of the node's (base64url(payload) "." base64url(signature)).
// A token names no role: the account's role is looked up when the token is used, so removing an
// account ends its tokens.
class TokenSigner
{
public:
    // A fresh random key, or the one kept in keyFile (made there, readable by its owner only, when
    // missing); an empty path keeps the key in memory, so tokens end with the node.
    explicit TokenSigner(const QString &keyFile = {});
    // No key yet: it comes from the cluster (setKey); until then no token is issued or accepted.
    static std::unique_ptr<TokenSigner> awaitingKey();
    static QByteArray randomKey();

    bool hasKey() const { return !m_key.isEmpty(); }
    // False, keeping the key it had, when key is not one (32 bytes).
    bool setKey(const QByteArray &key);

    QString issue(const QString &account, qint64 expiresAtMs) const;
    // The account a token was issued to, if its signature holds and it has not expired by nowMs.
    std::optional<QString> verify(QByteArrayView token, qint64 nowMs) const;

private:
    struct Unkeyed {};
    explicit TokenSigner(Unkeyed) {}
    QByteArray signature(const QByteArray &payload) const;

    QByteArray m_key;
};
