// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/formcheck.h"

#include "views/statuspalette.h"

#include <QLabel>
#include <QRegularExpression>
#include <QUrl>

QLabel *FormCheck::errorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, StatusPalette::failing());
    label->setPalette(palette);
    label->setWordWrap(true);
    label->hide();
    return label;
}

void FormCheck::show(QLabel *label, const QString &problem)
{
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
}

QString FormCheck::appNameProblem(const QString &app)
{
    static const QRegularExpression appName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    const QString trimmed = app.trimmed();
    if (trimmed.isEmpty())
        return tr("A service name is required.");
    return appName.match(trimmed).hasMatch() ? QString() : tr("Use letters, digits, '.', '-' and '_' only.");
}

QString FormCheck::httpUrlProblem(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https"))
        return tr("Use an http:// or https:// URL.");
    if (url.host().isEmpty())
        return tr("The URL names no host.");
    return {};
}
