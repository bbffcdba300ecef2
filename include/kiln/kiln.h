// kiln/kiln.h — everything a program using kiln includes.
#pragma once

#include "kiln/autograd.h"
#include "kiln/compile.h"
#include "kiln/config.h"
#include "kiln/custom_op.h"
#include "kiln/dtype.h"
#include "kiln/error.h"
#include "kiln/factories.h"
#include "kiln/kir.h"
#include "kiln/memory.h"
#include "kiln/nn.h"
#include "kiln/npy.h"
#include "kiln/onnx.h"
#include "kiln/ops.h"
#include "kiln/optim.h"
#include "kiln/scalar.h"
#include "kiln/tensor.h"
