// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/registryconnection.h"

namespace {

template<typename Answer>
void answerLater(QObject *context, std::function<void(const Answer &)> callback, Answer answer)
{
    QMetaObject::invokeMethod(context, [callback = std::move(callback), answer = std::move(answer)] {
        callback(answer);
    }, Qt::QueuedConnection);
}

CommandResult noAccounts()
{
    return CommandResult::failure(CommandResult::Error::Unsupported,
                                  QStringLiteral("this registry has no accounts the console can manage"));
}

} // namespace

void RegistryConnection::requestAccounts(QObject *context, std::function<void(const AccountList &)> callback)
{
    AccountList list;
    list.result = noAccounts();
    answerLater(context, std::move(callback), std::move(list));
}

void RegistryConnection::addAccount(const QString &, const QString &, const QString &, QObject *context,
                                    CommandCallback callback)
{
    answerLater(context, std::move(callback), noAccounts());
}

void RegistryConnection::removeAccount(const QString &, QObject *context, CommandCallback callback)
{
    answerLater(context, std::move(callback), noAccounts());
}
