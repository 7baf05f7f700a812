// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/checkstatejson.h"

#include "model/jsonnumber.h"

#include <QJsonArray>

QString verdictName(CheckState::Verdict verdict)
{
    switch (verdict) {
    case CheckState::Verdict::Pending: return QStringLiteral("pending");
    case CheckState::Verdict::Passing: return QStringLiteral("passing");
    case CheckState::Verdict::Failing: return QStringLiteral("failing");
    }
    return {};
}

namespace {
QJsonObject encodeResult(const CheckResult &result)
{
    return {{QStringLiteral("timestamp"), result.timestamp},
            {QStringLiteral("passed"), result.passed},
            {QStringLiteral("elapsedMs"), result.elapsedMs},
            {QStringLiteral("detail"), result.detail}};
}

CheckResult decodeResult(const QJsonObject &object)
{
    CheckResult result;
    result.timestamp = JsonNumber::wholeNumber(object.value(u"timestamp")).value_or(0);
    result.passed = object.value(u"passed").toBool();
    result.elapsedMs = int(JsonNumber::wholeNumber(object.value(u"elapsedMs")).value_or(0));
    result.detail = object.value(u"detail").toString();
    return result;
}

CheckState::Verdict verdictFromName(const QString &name)
{
    for (auto verdict : {CheckState::Verdict::Passing, CheckState::Verdict::Failing}) {
        if (name == verdictName(verdict))
            return verdict;
    }
    return CheckState::Verdict::Pending;
}
}

namespace CheckStateJson {

QJsonObject encode(const CheckState &state)
{
    QJsonArray history;
    for (const CheckResult &result : state.history)
        history.append(encodeResult(result));
    return {{QStringLiteral("app"), state.app},
            {QStringLiteral("instanceId"), state.instanceId},
            {QStringLiteral("check"), CheckSpecs::toJson(state.spec)},
            {QStringLiteral("verdict"), verdictName(state.verdict)},
            {QStringLiteral("consecutiveFailures"), state.consecutiveFailures},
            {QStringLiteral("consecutiveSuccesses"), state.consecutiveSuccesses},
            {QStringLiteral("failingSinceMs"), state.failingSinceMs},
            {QStringLiteral("history"), history}};
}

std::optional<CheckState> decode(const QJsonObject &object)
{
    const ParsedCheck spec = CheckSpecs::fromJson(object.value(u"check").toObject());
    CheckState state;
    state.app = object.value(u"app").toString();
    state.instanceId = object.value(u"instanceId").toString();
    if (state.app.isEmpty() || state.instanceId.isEmpty() || !spec.check)
        return std::nullopt;
    state.spec = *spec.check;
    state.verdict = verdictFromName(object.value(u"verdict").toString());
    state.consecutiveFailures = int(JsonNumber::wholeNumber(object.value(u"consecutiveFailures")).value_or(0));
    state.consecutiveSuccesses = int(JsonNumber::wholeNumber(object.value(u"consecutiveSuccesses")).value_or(0));
    state.failingSinceMs = JsonNumber::wholeNumber(object.value(u"failingSinceMs")).value_or(0);
    for (const QJsonValue &result : object.value(u"history").toArray())
        state.history.append(decodeResult(result.toObject()));
    return state;
}

}
