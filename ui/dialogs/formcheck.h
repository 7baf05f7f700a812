// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

class QLabel;
class QWidget;

// What the dialogs share in checking a form as it is typed: the label that shows a field's problem,
// and the rules for names that more than one dialog asks for.
class FormCheck
{
    Q_DECLARE_TR_FUNCTIONS(FormCheck)

public:
    // A hidden label in the failing colour, to be shown under its field with the problem's text.
    static QLabel *errorLabel(QWidget *parent);
    // Shows the problem under its field, or hides the label when there is none.
    static void show(QLabel *label, const QString &problem);
    // Why the text is not an Eureka app name, or an empty string.
    static QString appNameProblem(const QString &app);
    // Why non-empty text is not an absolute http(s) URL with a host, or an empty string.
    static QString httpUrlProblem(const QString &text);
};
