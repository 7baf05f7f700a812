// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/authapi.h"

#include "auth/accountstore.h"
#include "auth/audittrail.h"
#include "auth/authgate.h"
#include "auth/tokensigner.h"
#include "http/pendingresponse.h"
#include "http/router.h"
#include "servicecomb/servicecomberror.h"
#include "servicecomb/servicecombwire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {
constexpr qint64 defaultTokenLifeMs = 30 * 60 * 1000;
constexpr qint64 longestTokenLifeMs = 24 * 60 * 60 * 1000;
constexpr qsizetype defaultAuditLimit = 100;

// Service-Center's tokenExpirationTime, a Go duration such as "30m", "1h" or "90s".
std::optional<qint64> tokenLifeMs(const QJsonValue &value)
{
    if (value.isUndefined() || value.toString().isEmpty())
        return defaultTokenLifeMs;
    static const QRegularExpression duration(QStringLiteral("^([0-9]{1,6})(s|m|h)$"));
    const auto match = duration.match(value.toString());
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 unitMs = match.captured(2) == u"h" ? 3600000 : match.captured(2) == u"m" ? 60000 : 1000;
    const qint64 lifeMs = match.captured(1).toLongLong() * unitMs;
    if (lifeMs < 60000 || lifeMs > longestTokenLifeMs)
        return std::nullopt;
    return lifeMs;
}
}

AuthApi::AuthApi(Parts parts)
    : m_parts {std::move(parts)}
{
}

void AuthApi::addRoutes(Router &router)
{
    router.add("POST", u"/v4/token", [this](const HttpRequest &request) { return issueToken(request, true); });
    router.add("POST", u"/muster/api/v1/token", [this](const HttpRequest &request) { return issueToken(request, false); });
    router.add("GET", u"/muster/api/v1/audit", [this](const HttpRequest &request) { return audit(request); });
    if (!m_parts.gate)
        return;
    router.add("GET", u"/muster/api/v1/accounts", [this](const HttpRequest &) { return listAccounts(); });
    router.add("POST", u"/muster/api/v1/accounts", [this](const HttpRequest &request) { return addAccount(request); });
    router.add("DELETE", u"/muster/api/v1/accounts/{name}",
               [this](const HttpRequest &request) { return removeAccount(request); });
}

HttpResponse AuthApi::issueToken(const HttpRequest &request, bool serviceCombShape)
{
    const auto fail = [serviceCombShape](int status, ServiceCombError::Code code, const QString &message) {
        HttpResponse response = serviceCombShape ? ServiceCombError(code, message).toResponse()
                                                 : HttpResponse::error(status, message);
        if (status == 401)
            response.withHeader("WWW-Authenticate", QByteArrayLiteral(R"(Bearer realm="muster")"));
        return response;
    };
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (!document.isObject())
        return fail(400, ServiceCombError::InvalidParams,
                    QStringLiteral("the body is not a JSON object with name and password"));
    const QJsonObject body = document.object();
    const QString name = body.value(u"name").toString();
    const QString password = body.value(u"password").toString();
    if (name.isEmpty() || password.isEmpty())
        return fail(400, ServiceCombError::InvalidParams, QStringLiteral("name and password are required"));
    const auto lifeMs = tokenLifeMs(body.value(u"tokenExpirationTime"));
    if (!lifeMs)
        return fail(400, ServiceCombError::InvalidParams,
                    QStringLiteral("tokenExpirationTime is not a duration from 1m to 24h, such as 30m"));
    if (!m_parts.gate)
        return fail(401, ServiceCombError::Unauthorized,
                    QStringLiteral("authentication is off on this node: it issues no tokens"));
    if (!m_parts.tokens->hasKey())
        return fail(503, ServiceCombError::Internal,
                    QStringLiteral("this node has not read the cluster's token key from etcd yet; try again"));
    if (!m_parts.gate->logIn(name, password.toUtf8()))
        return fail(401, ServiceCombError::WrongCredentials, QStringLiteral("wrong account or password"));
    const QString token = m_parts.tokens->issue(name, m_parts.nowMs() + *lifeMs);
    const QJsonObject answer {{QStringLiteral("token"), token}};
    return serviceCombShape ? ServiceCombWire::json(answer) : HttpResponse::json(answer);
}

HttpResponse AuthApi::audit(const HttpRequest &request) const
{
    qsizetype limit = defaultAuditLimit;
    if (const auto text = request.queryValue(QStringLiteral("limit"))) {
        bool ok = false;
        limit = text->toLongLong(&ok);
        if (!ok || limit <= 0)
            return HttpResponse::error(400, QStringLiteral("limit: '%1' is not a positive number").arg(*text));
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("size"), m_parts.audit->size()},
                                           {QStringLiteral("entries"), m_parts.audit->toJson(limit)}});
}

HttpResponse AuthApi::listAccounts() const
{
    QJsonArray accounts;
    for (const AccountStore::Account &account : m_parts.accounts->accounts())
        accounts.append(QJsonObject {{QStringLiteral("name"), account.name},
                                     {QStringLiteral("role"), roleName(account.role)}});
    return HttpResponse::json(QJsonObject {{QStringLiteral("accounts"), accounts}});
}

HttpResponse AuthApi::answerWhenDone(const std::function<void(const SharedAccounts::Done &)> &change,
                                     HttpResponse success)
{
    auto pending = std::make_shared<PendingResponse>();
    change([pending, success](const SharedAccounts::Result &result) {
        pending->complete(result.ok() ? success : HttpResponse::error(result.status, result.error));
    });
    return HttpResponse::deferred(pending);
}

HttpResponse AuthApi::addAccount(const HttpRequest &request)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const auto role = parseRole(body.value(u"role").toString());
    if (!role)
        return HttpResponse::error(400, QStringLiteral("role: '%1' is not viewer, client, operator or admin")
                                            .arg(body.value(u"role").toString()));
    const QString name = body.value(u"name").toString();
    const QByteArray password = body.value(u"password").toString().toUtf8();
    const HttpResponse created = HttpResponse::json(QJsonObject {{QStringLiteral("name"), name},
                                                                 {QStringLiteral("role"), roleName(*role)}},
                                                    201);
    return answerWhenDone([this, name, role, password](const SharedAccounts::Done &done) {
        m_parts.addAccount(name, *role, password, done);
    }, created);
}

HttpResponse AuthApi::removeAccount(const HttpRequest &request)
{
    const QString name = request.param(QStringLiteral("name"));
    return answerWhenDone([this, name](const SharedAccounts::Done &done) { m_parts.removeAccount(name, done); },
                          HttpResponse::empty(204));
}
