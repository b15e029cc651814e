/* The machine-dependent part of jni.h for Windows x86-64, for cross-building
 * the jar's mmfjni.dll with mingw-w64 against a Linux JDK's jni.h
 * (native/build-native.sh). The types are those of every Windows JDK: jint is
 * a 32-bit long, jlong a 64-bit integer; JNICALL (__stdcall) is ignored on
 * x86-64, where there is one calling convention. */
#ifndef _JAVASOFT_JNI_MD_H_
#define _JAVASOFT_JNI_MD_H_

#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
#define JNICALL __stdcall

typedef long jint;
typedef long long jlong;
typedef signed char jbyte;

#endif
