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
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr0 = arith.divsi %begin, %stiles1 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:1 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st) -> (i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ntstart = arith.muli %nt, %tile : i64
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
    scf.for %v11 = %c0 to %vend16 step %cw16 : i64 {
      %v13 = vector.broadcast %v5 : f32 to vector<16xf32>
      %v15 = arith.addi %base0, %v11 : i64
      %v16 = llvm.getelementptr %ptr0[%v15] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v17 = llvm.load %v16 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v18 = arith.mulf %v13, %v17 fastmath<contract> : vector<16xf32>
      %v19 = vector.broadcast %v8 : f32 to vector<16xf32>
      %v20 = vector.broadcast %v7 : f32 to vector<16xf32>
      %v21 = vector.broadcast %v6 : f32 to vector<16xf32>
      %v22 = arith.mulf %v17, %v17 fastmath<contract> : vector<16xf32>
      %v23 = arith.mulf %v22, %v17 fastmath<contract> : vector<16xf32>
      %v24 = arith.mulf %v21, %v23 fastmath<contract> : vector<16xf32>
      %v25 = arith.addf %v17, %v24 fastmath<contract> : vector<16xf32>
      %v26 = arith.mulf %v20, %v25 fastmath<contract> : vector<16xf32>
      %v27 = math.tanh %v26 : vector<16xf32>
      %v28 = arith.addf %v19, %v27 fastmath<contract> : vector<16xf32>
      %v29 = arith.mulf %v18, %v28 fastmath<contract> : vector<16xf32>
      %v30 = arith.addi %base1, %v11 : i64
      %v31 = llvm.getelementptr %ptr1[%v30] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v29, %v31 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    %v32 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v32 {
      %v35 = arith.subi %len, %vend16 : i64
      %v36 = arith.index_cast %v35 : i64 to index
      %v37 = vector.create_mask %v36 : vector<16xi1>
      %v38 = vector.broadcast %v5 : f32 to vector<16xf32>
      %v40 = arith.addi %base0, %vend16 : i64
      %v41 = llvm.getelementptr %ptr0[%v40] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v43 = llvm.mlir.zero : vector<16xf32>
      %v42 = llvm.intr.masked.load %v41, %v37, %v43 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v44 = arith.mulf %v38, %v42 fastmath<contract> : vector<16xf32>
      %v45 = vector.broadcast %v8 : f32 to vector<16xf32>
      %v46 = vector.broadcast %v7 : f32 to vector<16xf32>
      %v47 = vector.broadcast %v6 : f32 to vector<16xf32>
      %v48 = arith.mulf %v42, %v42 fastmath<contract> : vector<16xf32>
      %v49 = arith.mulf %v48, %v42 fastmath<contract> : vector<16xf32>
      %v50 = arith.mulf %v47, %v49 fastmath<contract> : vector<16xf32>
      %v51 = arith.addf %v42, %v50 fastmath<contract> : vector<16xf32>
      %v52 = arith.mulf %v46, %v51 fastmath<contract> : vector<16xf32>
      %v53 = math.tanh %v52 : vector<16xf32>
      %v54 = arith.addf %v45, %v53 fastmath<contract> : vector<16xf32>
      %v55 = arith.mulf %v44, %v54 fastmath<contract> : vector<16xf32>
      %v56 = arith.addi %base1, %vend16 : i64
      %v57 = llvm.getelementptr %ptr1[%v56] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v55, %v57, %v37 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt : i64
  }
  return
}
