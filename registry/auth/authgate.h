// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/accessrules.h"
#include "auth/role.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QHash>
#include <QString>

#include <functional>
#include <optional>
#include <variant>

class AccountStore;
class TokenSigner;

// Who a request acts as; an empty account is anonymous.
struct Identity
{
    QString account;
    Role role = Role::Viewer;
};

// The check every request passes before its route runs while authentication is required: who sent
// it (HTTP Basic, or a Bearer token from POST /v4/token), whether that account's role allows the
// route, and, for a client writing an instance or a service, whether it is its own. Refusals are 401
// (with WWW-Authenticate) or 403, in Service-Center's error shape on its routes and Muster's
// elsewhere, saying what was refused and which role it needs.
class AuthGate
{
public:
    // The account that registered the instance, or created the service, a request writes: nullopt
    // when there is no such instance or service yet, an empty string when it exists with no owner known.
    using OwnerOf =
        std::function<std::optional<QString>(const HttpRequest &request, const QString &pattern, Ownership what)>;

    AuthGate(const AccountStore *accounts, const TokenSigner *tokens, std::function<qint64()> nowMs);

    std::variant<Identity, HttpResponse> check(const HttpRequest &request, const QString &pattern,
                                               const OwnerOf &ownerOf);
    // The account behind an Authorization header, if its credentials hold.
    std::optional<Identity> authenticate(QByteArrayView authorization);
    // Checks a password, remembering a success so a client's next request costs no hash.
    std::optional<Identity> logIn(const QString &account, const QByteArray &password);
    // After the accounts changed: every credential is checked afresh.
    void forgetCredentials() { m_verified.clear(); }

private:
    std::optional<Identity> identityOf(const QString &account) const;

    const AccountStore *m_accounts;
    const TokenSigner *m_tokens;
    std::function<qint64()> m_nowMs;
    // SHA-256 of an account and password that verified, to the account: a slow hash per request
    // would cap a node at a few requests a second.
    QHash<QByteArray, QString> m_verified;
};
