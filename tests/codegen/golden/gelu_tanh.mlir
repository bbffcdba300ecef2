// ---- kernel0: r0:cc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r0 = arith.divsi %row, %tiles : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    %v5 = arith.constant 0x3F000000 : f32
    %v6 = arith.constant 0x3D372713 : f32
    %v7 = arith.constant 0x3F4C422A : f32
    %v8 = arith.constant 0x3F800000 : f32
    scf.for %v9 = %c0 to %vend16 step %cw16 : i64 {
      %v11 = vector.broadcast %v5 : f32 to vector<16xf32>
      %v13 = arith.addi %base0, %v9 : i64
      %v14 = llvm.getelementptr %ptr0[%v13] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v12 = llvm.load %v14 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v15 = arith.mulf %v11, %v12 fastmath<contract> : vector<16xf32>
      %v16 = vector.broadcast %v8 : f32 to vector<16xf32>
      %v17 = vector.broadcast %v7 : f32 to vector<16xf32>
      %v18 = vector.broadcast %v6 : f32 to vector<16xf32>
      %v19 = arith.mulf %v12, %v12 fastmath<contract> : vector<16xf32>
      %v20 = arith.mulf %v19, %v12 fastmath<contract> : vector<16xf32>
      %v21 = arith.mulf %v18, %v20 fastmath<contract> : vector<16xf32>
      %v22 = arith.addf %v12, %v21 fastmath<contract> : vector<16xf32>
      %v23 = arith.mulf %v17, %v22 fastmath<contract> : vector<16xf32>
      %v24 = math.tanh %v23 : vector<16xf32>
      %v25 = arith.addf %v16, %v24 fastmath<contract> : vector<16xf32>
      %v26 = arith.mulf %v15, %v25 fastmath<contract> : vector<16xf32>
      %v27 = arith.addi %base1, %v9 : i64
      %v28 = llvm.getelementptr %ptr1[%v27] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v26, %v28 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v29 = %vend16 to %len step %c1 : i64 {
      %v32 = arith.addi %base0, %v29 : i64
      %v33 = llvm.getelementptr %ptr0[%v32] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v31 = llvm.load %v33 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v34 = arith.mulf %v5, %v31 fastmath<contract> : f32
      %v35 = arith.mulf %v31, %v31 fastmath<contract> : f32
      %v36 = arith.mulf %v35, %v31 fastmath<contract> : f32
      %v37 = arith.mulf %v6, %v36 fastmath<contract> : f32
      %v38 = arith.addf %v31, %v37 fastmath<contract> : f32
      %v39 = arith.mulf %v7, %v38 fastmath<contract> : f32
      %v40 = math.tanh %v39 : f32
      %v41 = arith.addf %v8, %v40 fastmath<contract> : f32
      %v42 = arith.mulf %v34, %v41 fastmath<contract> : f32
      %v43 = arith.addi %base1, %v29 : i64
      %v44 = llvm.getelementptr %ptr1[%v43] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v42, %v44 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
