/* Test-only stand-in for Windows' system icuuc.dll, for the Wine prefix of build/build_windows.sh.
 *
 * Qt6Core.dll (PySide6 6.12 for Windows) imports these 20 functions from icuuc.dll, the ICU that
 * Windows 10 (1703+) and 11 ship in system32. Wine 8 has no icuuc.dll, so without this file
 * `import PySide6.QtCore` fails with "DLL load failed" and nothing can be tested. All 20 belong to
 * ICU's converter API, which QStringConverter uses only for legacy encodings the program never asks
 * for (GBK/Big5 by name); UTF-8/UTF-16 and the locale code page do not go through it. So every
 * ucnv_open here fails (Qt then reports the codec as unavailable) and the rest are never reached.
 *
 * Built by build_windows.sh with x86_64-w64-mingw32-gcc into the test prefix's system32 ONLY; the
 * script proves that icuuc.dll is not in the bundle (PyInstaller treats system32 DLLs as part of
 * Windows). A real Windows 10/11 PC uses its own ICU.
 */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4
#define U_UNSUPPORTED_ERROR 16

typedef int UErrorCode;
typedef void UConverter;

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *err)
{
    (void)name;
    if (err) *err = U_FILE_ACCESS_ERROR;
    return NULL;
}

static void unsupported(UErrorCode *err)
{
    if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR;
}

EXPORT void ucnv_close(UConverter *c) { (void)c; }
EXPORT void ucnv_reset(UConverter *c) { (void)c; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 1; }
EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *err) { (void)c; unsupported(err); return ""; }
EXPORT const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *err) { (void)n; (void)s; unsupported(err); return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t i) { (void)i; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *err) { (void)c; unsupported(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *err) { (void)c; unsupported(err); return 0; }
EXPORT void ucnv_getToUCallBack(const UConverter *c, void **f, const void **ctx) { (void)c; if (f) *f = NULL; if (ctx) *ctx = NULL; }
EXPORT void ucnv_getFromUCallBack(const UConverter *c, void **f, const void **ctx) { (void)c; if (f) *f = NULL; if (ctx) *ctx = NULL; }
EXPORT void ucnv_setToUCallBack(UConverter *c, void *f, const void *ctx, void **of, const void **octx, UErrorCode *err) { (void)c; (void)f; (void)ctx; (void)of; (void)octx; unsupported(err); }
EXPORT void ucnv_setFromUCallBack(UConverter *c, void *f, const void *ctx, void **of, const void **octx, UErrorCode *err) { (void)c; (void)f; (void)ctx; (void)of; (void)octx; unsupported(err); }
EXPORT void ucnv_toUnicode(UConverter *c, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; unsupported(err); }
EXPORT void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t f, UErrorCode *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; unsupported(err); }
EXPORT void ucnv_cbToUWriteUChars(void *a, const void *s, int32_t n, int32_t o, UErrorCode *err) { (void)a; (void)s; (void)n; (void)o; unsupported(err); }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *sl, int32_t o, UErrorCode *err) { (void)a; (void)s; (void)sl; (void)o; unsupported(err); }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *ctx, void *a, const void *s, int32_t n, int32_t cp, int reason, UErrorCode *err) { (void)ctx; (void)a; (void)s; (void)n; (void)cp; (void)reason; unsupported(err); }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *ctx, void *a, const char *s, int32_t n, int reason, UErrorCode *err) { (void)ctx; (void)a; (void)s; (void)n; (void)reason; unsupported(err); }
