// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/authgate.h"

#include "auth/accessrules.h"
#include "auth/accountstore.h"
#include "auth/tokensigner.h"
#include "servicecomb/servicecomberror.h"

#include <QCryptographicHash>
#include <QJsonObject>

namespace {
constexpr qsizetype maxRemembered = 4096;
const QByteArray challenge = QByteArrayLiteral(R"(Basic realm="muster", charset="UTF-8", Bearer realm="muster")");

HttpResponse refusal(const QString &pattern, int status, ServiceCombError::Code code, const QString &message,
                     const Requirement &requirement)
{
    HttpResponse response;
    if (AccessRules::isServiceCombRoute(pattern)) {
        response = ServiceCombError(code, message).toResponse();
    } else {
        response = HttpResponse::json(QJsonObject {{QStringLiteral("error"), message},
                                                   {QStringLiteral("status"), status},
                                                   {QStringLiteral("action"), requirement.action},
                                                   {QStringLiteral("requiredRole"), roleName(requirement.role)}},
                                      status);
    }
    if (status == 401)
        response.withHeader("WWW-Authenticate", challenge);
    return response;
}
}

AuthGate::AuthGate(const AccountStore *accounts, const TokenSigner *tokens, std::function<qint64()> nowMs)
    : m_accounts {accounts}
    , m_tokens {tokens}
    , m_nowMs {std::move(nowMs)}
{
}

std::optional<Identity> AuthGate::identityOf(const QString &account) const
{
    const auto found = m_accounts->find(account);
    if (!found)
        return std::nullopt;
    return Identity {found->name, found->role};
}

std::optional<Identity> AuthGate::logIn(const QString &account, const QByteArray &password)
{
    const QByteArray credentials = account.toUtf8() + '\0' + password;
    const QByteArray key = QCryptographicHash::hash(credentials, QCryptographicHash::Sha256);
    if (const auto known = m_verified.constFind(key); known != m_verified.cend())
        return identityOf(*known);
    if (!m_accounts->verify(account, password))
        return std::nullopt;
    if (m_verified.size() >= maxRemembered)
        m_verified.clear();
    m_verified.insert(key, account);
    return identityOf(account);
}

std::optional<Identity> AuthGate::authenticate(QByteArrayView authorization)
{
    const qsizetype space = authorization.indexOf(' ');
    if (space <= 0)
        return std::nullopt;
    const QByteArray scheme = authorization.first(space).toByteArray().toLower();
    const QByteArrayView credentials = authorization.sliced(space + 1).trimmed();
    if (scheme == "bearer") {
        const auto account = m_tokens->verify(credentials, m_nowMs());
        return account ? identityOf(*account) : std::nullopt;
    }
    if (scheme != "basic")
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(credentials.toByteArray());
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (!decoded || colon <= 0)
        return std::nullopt;
    return logIn(QString::fromUtf8(decoded.decoded.first(colon)), decoded.decoded.sliced(colon + 1));
}

std::variant<Identity, HttpResponse> AuthGate::check(const HttpRequest &request, const QString &pattern,
                                                     const OwnerOf &ownerOf)
{
    const Requirement requirement = AccessRules::requirement(request.method, pattern);
    if (requirement.open)
        return Identity {};
    const QByteArray authorization = request.header("authorization");
    if (authorization.isEmpty()) {
        return refusal(pattern, 401, ServiceCombError::NoAuthHeader,
                       QStringLiteral("authentication required to %1: send HTTP Basic credentials or a Bearer token "
                                      "from POST /v4/token (role %2 or above)")
                           .arg(requirement.action, roleName(requirement.role)),
                       requirement);
    }
    const auto identity = authenticate(authorization);
    if (!identity) {
        return refusal(pattern, 401, ServiceCombError::WrongCredentials,
                       QStringLiteral("wrong account or password, or an expired or unknown token: cannot %1")
                           .arg(requirement.action),
                       requirement);
    }
    if (!grants(identity->role, requirement.role)) {
        return refusal(pattern, 403, ServiceCombError::NoPermission,
                       QStringLiteral("the account %1 (role %2) may not %3: that needs the role %4")
                           .arg(identity->account, roleName(identity->role), requirement.action,
                                roleName(requirement.role)),
                       requirement);
    }
    if (requirement.own != Ownership::None && !grants(identity->role, Role::Operator)) {
        const auto owner = ownerOf(request, pattern, requirement.own);
        if (owner && *owner != identity->account) {
            Requirement operatorNeeded = requirement;
            operatorNeeded.role = Role::Operator;
            const QString what = requirement.own == Ownership::Service ? QStringLiteral("the service was created by %1")
                                                                       : QStringLiteral("the instance was registered by %1");
            return refusal(pattern, 403, ServiceCombError::NoPermission,
                           QStringLiteral("the account %1 (role client) may not %2: %3; that needs the role operator")
                               .arg(identity->account, requirement.action,
                                    what.arg(owner->isEmpty() ? QStringLiteral("another writer") : *owner)),
                           operatorNeeded);
        }
    }
    return *identity;
}
