// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "auth/role.h"
#include "auth/sharedaccounts.h"

#include <functional>

class AccountStore;
class AuditTrail;
class AuthGate;
class Router;
class TokenSigner;

// The routes of accounts and the audit trail: POST /v4/token (Service-Center's login) and its twin
// POST /muster/api/v1/token, GET /muster/api/v1/audit, and, while authentication is required, the
// accounts at /muster/api/v1/accounts (docs/security.md).
class AuthApi
{
public:
    struct Parts
    {
        AuthGate *gate = nullptr;              // null: authentication is off, no token is issued
        AccountStore *accounts = nullptr;
        const TokenSigner *tokens = nullptr;
        const AuditTrail *audit = nullptr;
        std::function<qint64()> nowMs;
        // Change the accounts where they live; done may run later (etcd).
        std::function<void(const QString &, Role, const QByteArray &, const SharedAccounts::Done &)> addAccount;
        std::function<void(const QString &, const SharedAccounts::Done &)> removeAccount;
    };

    explicit AuthApi(Parts parts);

    void addRoutes(Router &router);

private:
    HttpResponse issueToken(const HttpRequest &request, bool serviceCombShape);
    HttpResponse audit(const HttpRequest &request) const;
    HttpResponse listAccounts() const;
    HttpResponse addAccount(const HttpRequest &request);
    HttpResponse removeAccount(const HttpRequest &request);
    // The answer to an account change that may complete later.
    static HttpResponse answerWhenDone(const std::function<void(const SharedAccounts::Done &)> &change,
                                       HttpResponse success);

    Parts m_parts;
};
