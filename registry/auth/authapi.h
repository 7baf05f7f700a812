// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

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
        std::function<void()> accountsChanged;
    };

    explicit AuthApi(Parts parts);

    void addRoutes(Router &router);

private:
    HttpResponse issueToken(const HttpRequest &request, bool serviceCombShape);
    HttpResponse audit(const HttpRequest &request) const;
    HttpResponse listAccounts() const;
    HttpResponse addAccount(const HttpRequest &request);
    HttpResponse removeAccount(const HttpRequest &request);

    Parts m_parts;
};
